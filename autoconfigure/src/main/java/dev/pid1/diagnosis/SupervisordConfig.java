package dev.pid1.diagnosis;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.ProcFs;

/**
 * The {@code [program:x]} of supervisord's configuration that runs the next hop: what it
 * does on SIGTERM is to send each program its {@code stopsignal} (default TERM), to its
 * process group with {@code stopasgroup}, wait {@code stopwaitsecs} (default 10) and
 * SIGKILL it (its group with {@code killasgroup}).
 *
 * @param name the program's name
 * @param file the file that defines it, or {@code null} when the configuration could not
 * be read and supervisord's defaults apply
 * @param stopSignal the signal it stops the program with, without {@code SIG}
 * @param stopWait how long it waits before SIGKILL
 * @param stopAsGroup whether the stop signal goes to the program's process group
 * @author pid1 authors
 */
record SupervisordConfig(String name, @Nullable String file, String stopSignal, Duration stopWait,
		boolean stopAsGroup) {

	private static final int MAX_BYTES = 256 * 1024;

	private static final List<String> DEFAULT_LOCATIONS = List.of("/usr/etc/supervisord.conf", "/usr/supervisord.conf",
			"supervisord.conf", "etc/supervisord.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf");

	static final SupervisordConfig DEFAULTS = new SupervisordConfig("?", null, "TERM", Duration.ofSeconds(10), false);

	/**
	 * Finds the program that runs a child of supervisord.
	 * @param procFs where to read
	 * @param pid supervisord's pid
	 * @param argv supervisord's command line
	 * @param child the child's command line
	 * @return the program, or {@link #DEFAULTS} when the configuration cannot be read
	 */
	static SupervisordConfig find(ProcFs procFs, long pid, List<String> argv, List<String> child) {
		List<String> locations = configOption(argv).map(List::of).orElse(DEFAULT_LOCATIONS);
		for (String location : locations) {
			Optional<String> content = procFs.readFileOf(pid, location, MAX_BYTES);
			if (content.isPresent()) {
				Map<String, Map<String, String>> programs = new LinkedHashMap<>();
				Map<String, String> files = new LinkedHashMap<>();
				parse(location, content.get(), programs, files);
				includes(procFs, pid, location, content.get(), programs, files);
				return choose(programs, files, child);
			}
		}
		return DEFAULTS;
	}

	private static Optional<String> configOption(List<String> argv) {
		for (int i = 1; i < argv.size(); i++) {
			String arg = argv.get(i);
			if ((arg.equals("-c") || arg.equals("--configuration")) && i + 1 < argv.size()) {
				return Optional.of(argv.get(i + 1));
			}
			if (arg.startsWith("--configuration=")) {
				return Optional.of(arg.substring("--configuration=".length()));
			}
			if (arg.startsWith("-c") && arg.length() > 2) {
				return Optional.of(arg.substring(2));
			}
		}
		return Optional.empty();
	}

	private static void includes(ProcFs procFs, long pid, String location, String content,
			Map<String, Map<String, String>> programs, Map<String, String> files) {
		Map<String, Map<String, String>> sections = new LinkedHashMap<>();
		parse(location, content, sections, new LinkedHashMap<>());
		String patterns = sections.getOrDefault("include", Map.of()).get("files");
		if (patterns == null) {
			return;
		}
		Path base = Path.of(location).toAbsolutePath().getParent();
		if (base == null) {
			return;
		}
		for (String pattern : patterns.trim().split("\\s+")) {
			Path glob = base.resolve(pattern);
			PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
			try (Stream<Path> entries = Files.list(glob.getParent())) {
				entries.filter((path) -> matcher.matches(path.getFileName()))
					.sorted()
					.forEach((path) -> procFs.readFileOf(pid, path.toString(), MAX_BYTES)
						.ifPresent((included) -> parse(path.toString(), included, programs, files)));
			}
			catch (IOException | RuntimeException ex) {
				// An include directory that cannot be listed adds nothing.
			}
		}
	}

	/**
	 * Parses an INI file into its sections; for {@code [program:x]} sections, also which
	 * file defined them.
	 */
	private static void parse(String file, String content, Map<String, Map<String, String>> sections,
			Map<String, String> files) {
		Map<String, String> section = null;
		for (String raw : content.split("\n")) {
			String line = raw.strip();
			if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
				continue;
			}
			if (line.startsWith("[") && line.endsWith("]")) {
				String name = line.substring(1, line.length() - 1).strip();
				String key = name.startsWith("program:") ? name : name.toLowerCase(Locale.ROOT);
				section = sections.computeIfAbsent(key, (k) -> new LinkedHashMap<>());
				files.put(key, file);
				continue;
			}
			int eq = indexOfSeparator(line);
			if (section != null && eq > 0) {
				String value = line.substring(eq + 1);
				int comment = value.indexOf(" ;");
				value = (comment >= 0) ? value.substring(0, comment) : value;
				section.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), value.strip());
			}
		}
	}

	private static int indexOfSeparator(String line) {
		int eq = line.indexOf('=');
		int colon = line.indexOf(':');
		return (eq < 0) ? colon : ((colon < 0) ? eq : Math.min(eq, colon));
	}

	private static SupervisordConfig choose(Map<String, Map<String, String>> sections, Map<String, String> files,
			List<String> child) {
		SupervisordConfig best = null;
		int bestScore = -1;
		SupervisordConfig shortest = null;
		for (Map.Entry<String, Map<String, String>> entry : sections.entrySet()) {
			if (!entry.getKey().startsWith("program:")) {
				continue;
			}
			SupervisordConfig program = program(entry.getKey().substring("program:".length()),
					files.get(entry.getKey()), entry.getValue());
			int score = score(entry.getValue().getOrDefault("command", ""), child);
			if (score > bestScore) {
				best = program;
				bestScore = score;
			}
			if (shortest == null || program.stopWait().compareTo(shortest.stopWait()) < 0) {
				shortest = program;
			}
		}
		// Without a program whose command matches, assume the shortest stop wait: the
		// worst case.
		return (bestScore > 0 && best != null) ? best : ((shortest != null) ? shortest : DEFAULTS);
	}

	private static SupervisordConfig program(String name, @Nullable String file, Map<String, String> settings) {
		String signal = settings.getOrDefault("stopsignal", "TERM").toUpperCase(Locale.ROOT);
		signal = signal.startsWith("SIG") ? signal.substring(3) : signal;
		Duration wait = Duration.ofSeconds(10);
		try {
			wait = Duration.ofSeconds(Long.parseLong(settings.getOrDefault("stopwaitsecs", "10")));
		}
		catch (NumberFormatException ex) {
			// An expression supervisord expands: keep its default.
		}
		boolean group = Boolean.parseBoolean(settings.getOrDefault("stopasgroup", "false"));
		return new SupervisordConfig(name, file, signal, wait, group);
	}

	/**
	 * How many words of a program's command the child's command line has, the
	 * executable's name counting only when it matches.
	 */
	private static int score(String command, List<String> child) {
		String[] words = command.trim().split("\\s+");
		if (words.length == 0 || child.isEmpty() || !baseName(words[0]).equals(baseName(child.get(0)))) {
			return 0;
		}
		int score = 1;
		List<String> rest = new ArrayList<>(child.subList(1, child.size()));
		for (int i = 1; i < words.length; i++) {
			if (rest.remove(words[i])) {
				score++;
			}
		}
		return score;
	}

	private static String baseName(String path) {
		return path.substring(path.lastIndexOf('/') + 1);
	}

}
