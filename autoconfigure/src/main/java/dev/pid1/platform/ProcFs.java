package dev.pid1.platform;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads process facts from {@code /proc}. Pure Java, no native code. Every read is of a
 * process that may vanish at any moment, so a missing file is an empty answer, never an
 * error.
 *
 * @author pid1 authors
 */
public class ProcFs {

	private final Path root;

	private final String rootPrefix;

	/**
	 * Reads the real {@code /proc}.
	 */
	public ProcFs() {
		this(Path.of("/proc"));
	}

	/**
	 * Reads a {@code /proc}-shaped tree elsewhere (for tests).
	 * @param root the directory that stands for {@code /proc}
	 */
	public ProcFs(Path root) {
		this.root = root;
		this.rootPrefix = root.toString().endsWith("/") ? root.toString() : root + "/";
	}

	/**
	 * Whether a {@code /proc} of this process can be read at all.
	 * @return whether {@code /proc/self/stat} exists
	 */
	public boolean isAvailable() {
		return Files.isReadable(this.root.resolve("self/stat"));
	}

	/**
	 * Parses {@code /proc/<pid>/stat}.
	 * @param pid the process
	 * @return its stat, or empty if it is gone
	 */
	public Optional<ProcessStat> stat(long pid) {
		return read(pid + "/stat").map(ProcessStat::parse);
	}

	/**
	 * Parses the signal masks of {@code /proc/<pid>/status}.
	 * @param pid the process
	 * @return its masks, or empty if it is gone
	 */
	public Optional<SignalMasks> signalMasks(long pid) {
		return read(pid + "/status").map(SignalMasks::parse);
	}

	/**
	 * Reads {@code /proc/<pid>/cmdline}.
	 * @param pid the process
	 * @return the arguments, empty for a zombie, a kernel thread, or a vanished process
	 */
	public List<String> cmdline(long pid) {
		return read(pid + "/cmdline").map(ProcFs::splitNul).orElse(List.of());
	}

	/**
	 * Reads {@code /proc/<pid>/environ}: readable only for processes of the same user (or
	 * by root).
	 * @param pid the process
	 * @return the environment, or empty when it cannot be read
	 */
	public Optional<Map<String, String>> environ(long pid) {
		return read(pid + "/environ").map((content) -> {
			Map<String, String> environment = new LinkedHashMap<>();
			for (String entry : splitNul(content)) {
				int eq = entry.indexOf('=');
				if (eq > 0) {
					environment.put(entry.substring(0, eq), entry.substring(eq + 1));
				}
			}
			return environment;
		});
	}

	/**
	 * The threads (tasks) of a process.
	 * @param pid the process
	 * @return the task ids, empty if the process is gone
	 */
	public List<Long> tasks(long pid) {
		try (var entries = Files.list(this.root.resolve(pid + "/task"))) {
			return entries.map((path) -> parseLong(path.getFileName().toString())).filter((tid) -> tid > 0).toList();
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
	}

	/**
	 * The children of one task of a process ({@code /proc/<pid>/task/<tid>/children}).
	 * Orphans re-parented to a process attach to its leader task ({@code tid == pid});
	 * children a thread forked attach to that thread until it ends.
	 * @param pid the process
	 * @param tid the task
	 * @return the child pids
	 */
	public List<Long> children(long pid, long tid) {
		return read(pid + "/task/" + tid + "/children").map(ProcFs::splitSpaces).orElse(List.of());
	}

	/**
	 * The children of every task of a process.
	 * @param pid the process
	 * @return all child pids
	 */
	public List<Long> allChildren(long pid) {
		List<Long> children = new ArrayList<>();
		for (long tid : tasks(pid)) {
			children.addAll(children(pid, tid));
		}
		return children;
	}

	/**
	 * The executable of a process ({@code /proc/<pid>/exe}): names a binary started under
	 * another name, as {@code docker-init} is tini.
	 * @param pid the process
	 * @return the executable's path, or empty when it cannot be read
	 */
	public Optional<Path> exe(long pid) {
		return link(pid + "/exe");
	}

	/**
	 * The working directory of a process ({@code /proc/<pid>/cwd}).
	 * @param pid the process
	 * @return the directory, or empty when it cannot be read
	 */
	public Optional<Path> cwd(long pid) {
		return link(pid + "/cwd");
	}

	/**
	 * Reads a file as a process sees it: a relative path from its working directory, an
	 * absolute one through its root ({@code /proc/<pid>/root}, another container's files
	 * in a shared PID namespace), else as this process sees it.
	 * @param pid the process
	 * @param path the path as the process named it
	 * @param maxBytes the most to read
	 * @return the content, or empty when it cannot be read
	 */
	public Optional<String> readFileOf(long pid, String path, int maxBytes) {
		if (path.isEmpty()) {
			return Optional.empty();
		}
		List<Path> candidates = new ArrayList<>();
		if (path.startsWith("/")) {
			candidates.add(this.root.resolve(pid + "/root" + path));
			candidates.add(Path.of(path));
		}
		else {
			candidates.add(this.root.resolve(pid + "/cwd/" + path));
			cwd(pid).ifPresent((cwd) -> candidates.add(cwd.resolve(path)));
		}
		for (Path candidate : candidates) {
			try {
				if (Files.isRegularFile(candidate) && Files.size(candidate) <= maxBytes) {
					return Optional.of(Files.readString(candidate, StandardCharsets.ISO_8859_1));
				}
			}
			catch (IOException | RuntimeException ex) {
				// Not readable this way; try the next.
			}
		}
		return Optional.empty();
	}

	private Optional<Path> link(String relativePath) {
		try {
			return Optional.of(Files.readSymbolicLink(this.root.resolve(relativePath)));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Reads a file below {@code /proc} as text.
	 * @param relativePath the path below the root
	 * @return its content, or empty if it cannot be read
	 */
	public Optional<String> read(String relativePath) {
		// A plain FileInputStream: /proc files report size 0, and this is the reaper's
		// hot
		// path (a stat per zombie), where the NIO route of Files.readString costs several
		// times more.
		try (FileInputStream in = new FileInputStream(this.rootPrefix + relativePath)) {
			byte[] buffer = new byte[512];
			int length = 0;
			while (true) {
				int read = in.read(buffer, length, buffer.length - length);
				if (read < 0) {
					break;
				}
				length += read;
				if (length == buffer.length) {
					buffer = Arrays.copyOf(buffer, buffer.length * 2);
				}
			}
			return Optional.of(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static List<String> splitNul(String content) {
		if (content.isEmpty()) {
			return List.of();
		}
		List<String> parts = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < content.length(); i++) {
			if (content.charAt(i) == '\0') {
				parts.add(content.substring(start, i));
				start = i + 1;
			}
		}
		if (start < content.length()) {
			parts.add(content.substring(start));
		}
		return Collections.unmodifiableList(parts);
	}

	private static List<Long> splitSpaces(String content) {
		List<Long> pids = new ArrayList<>();
		long value = -1;
		for (int i = 0; i < content.length(); i++) {
			char c = content.charAt(i);
			if (c >= '0' && c <= '9') {
				value = ((value < 0) ? 0 : value * 10) + (c - '0');
			}
			else {
				if (value > 0) {
					pids.add(value);
				}
				value = -1;
			}
		}
		if (value > 0) {
			pids.add(value);
		}
		return pids;
	}

	private static long parseLong(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
