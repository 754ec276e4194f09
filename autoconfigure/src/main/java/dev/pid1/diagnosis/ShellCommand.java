package dev.pid1.diagnosis;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.ProcFs;

/**
 * What a shell on the signal path runs: a script file, or an inline command
 * ({@code sh -c}, and the combined forms {@code bash -lc}, {@code sh -ec},
 * {@code bash -xc}, {@code bash -o pipefail -c}). A path inside an inline command is part
 * of the command, not a script.
 *
 * @param shell the shell's name
 * @param options the options as given, for instance {@code -lc}, or empty
 * @param inline whether it runs an inline command
 * @param script the script's path as the shell got it, or {@code null}
 * @param command the inline command, or {@code null}
 * @author pid1 authors
 */
record ShellCommand(String shell, String options, boolean inline, @Nullable String script, @Nullable String command) {

	private static final Set<String> OPTIONS_WITH_ARGUMENT = Set.of("-o", "+o", "-O", "+O", "--rcfile", "--init-file");

	private static final int MAX_SCRIPT_BYTES = 256 * 1024;

	/**
	 * Reads a shell's command line.
	 * @param shell the shell's name
	 * @param argv its command line
	 * @return what it runs
	 */
	static ShellCommand parse(String shell, List<String> argv) {
		int start = (!argv.isEmpty() && argv.get(0).endsWith("busybox")) ? 2 : 1;
		StringBuilder options = new StringBuilder();
		boolean inline = false;
		for (int i = start; i < argv.size(); i++) {
			String arg = argv.get(i);
			if (arg.equals("--") || arg.equals("-")) {
				return of(shell, options, inline, argv, i + 1);
			}
			if (OPTIONS_WITH_ARGUMENT.contains(arg)) {
				append(options, arg + ((i + 1 < argv.size()) ? " " + argv.get(i + 1) : ""));
				i++;
				continue;
			}
			if (arg.startsWith("--")) {
				append(options, arg);
				continue;
			}
			if ((arg.startsWith("-") || arg.startsWith("+")) && arg.length() > 1) {
				// Combined short options: -lc, -ec, -xc, -euxc all mean -c; a cluster
				// that
				// ends in o or O (-euo pipefail) takes the next argument.
				inline = inline || (arg.startsWith("-") && arg.indexOf('c') > 0);
				char last = arg.charAt(arg.length() - 1);
				if ((last == 'o' || last == 'O') && i + 1 < argv.size()) {
					append(options, arg + " " + argv.get(++i));
				}
				else {
					append(options, arg);
				}
				continue;
			}
			return of(shell, options, inline, argv, i);
		}
		return new ShellCommand(shell, options.toString(), inline, null, null);
	}

	private static ShellCommand of(String shell, StringBuilder options, boolean inline, List<String> argv,
			int operand) {
		String first = (operand < argv.size()) ? argv.get(operand) : null;
		return inline ? new ShellCommand(shell, options.toString(), true, null, first)
				: new ShellCommand(shell, options.toString(), false, first, null);
	}

	private static void append(StringBuilder options, String option) {
		if (!options.isEmpty()) {
			options.append(' ');
		}
		options.append(option);
	}

	/**
	 * Where the fix goes, for instance {@code start.sh} or {@code the inline command
	 * of `bash -lc`}.
	 * @return the place
	 */
	String where() {
		if (this.inline) {
			return "the inline command of `" + this.shell + " " + this.options + "`";
		}
		// The script's file name: what the startup line has always named.
		return (this.script != null) ? this.script.substring(this.script.lastIndexOf('/') + 1) : "the wrapper script";
	}

	/**
	 * The flag shown on the hop: the script or the inline options, never the inline
	 * command itself (it may carry secrets).
	 * @return the flag, or empty
	 */
	Optional<String> flag() {
		if (this.inline) {
			return Optional.of(this.options);
		}
		return Optional.ofNullable(this.script);
	}

	/**
	 * The text the shell runs: the inline command, or the script where readable.
	 * @param procFs where to read
	 * @param pid the shell's pid
	 * @return the text, or empty when it cannot be read
	 */
	Optional<String> text(ProcFs procFs, long pid) {
		if (this.inline) {
			return Optional.ofNullable(this.command);
		}
		return (this.script != null) ? procFs.readFileOf(pid, this.script, MAX_SCRIPT_BYTES) : Optional.empty();
	}

}
