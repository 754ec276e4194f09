package dev.pid1.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a {@code /proc}-shaped tree, for tests of what pid1 concludes from it.
 */
public final class FakeProc {

	private final Path root;

	public FakeProc(Path root) {
		this.root = root;
	}

	public ProcFs procFs() {
		return new ProcFs(this.root);
	}

	/**
	 * Adds a process.
	 * @param pid its pid
	 * @param parent its parent
	 * @param group its process group
	 * @param argv its command line
	 * @param caught the signals it catches
	 * @param ignored the signals it ignores
	 * @param env its environment
	 * @return this tree
	 */
	public FakeProc process(long pid, long parent, long group, List<String> argv, List<Integer> caught,
			List<Integer> ignored, Map<String, String> env) {
		Path dir = this.root.resolve(Long.toString(pid));
		String comm = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
		try {
			Files.createDirectories(dir.resolve("task/" + pid));
			Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + parent + " " + group + " " + group
					+ " 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 " + (1000 + pid) + " 0 0\n");
			Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nSigBlk:\t0000000000000000\nSigIgn:\t"
					+ mask(ignored) + "\nSigCgt:\t" + mask(caught) + "\n");
			Files.writeString(dir.resolve("cmdline"), String.join("\0", argv) + "\0");
			Files.writeString(dir.resolve("environ"),
					env.entrySet()
						.stream()
						.map((entry) -> entry.getKey() + "=" + entry.getValue() + "\0")
						.collect(Collectors.joining()));
			Files.writeString(dir.resolve("task/" + pid + "/children"), "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	private static String mask(List<Integer> signals) {
		long mask = 0;
		for (int signal : signals) {
			mask |= 1L << (signal - 1);
		}
		return String.format("%016x", mask);
	}

}
