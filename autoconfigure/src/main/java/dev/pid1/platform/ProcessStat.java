package dev.pid1.platform;

/**
 * The fields of {@code /proc/<pid>/stat} that pid1 uses.
 *
 * @param pid the process id
 * @param comm the command name (at most 15 characters, without parentheses)
 * @param state the state letter ({@code R}, {@code S}, {@code Z}, ...)
 * @param parentPid the parent's pid ({@code 0} when outside this namespace)
 * @param processGroup the process group id
 * @param session the session id
 * @param startTime the start time in clock ticks since boot: with the pid, it names
 * exactly one process
 * @author pid1 authors
 */
public record ProcessStat(long pid, String comm, char state, long parentPid, long processGroup, long session,
		long startTime) {

	/**
	 * Whether the process has exited and waits to be reaped.
	 * @return whether the state is {@code Z}
	 */
	public boolean isZombie() {
		return this.state == 'Z';
	}

	/**
	 * Parses a stat line. The command name may contain spaces and parentheses, so it is
	 * taken up to the <em>last</em> closing parenthesis.
	 * @param line the content of the stat file
	 * @return the parsed stat
	 * @throws IllegalArgumentException if the line is not a stat line
	 */
	public static ProcessStat parse(String line) {
		int open = line.indexOf('(');
		int close = line.lastIndexOf(')');
		if (open < 0 || close < open) {
			throw new IllegalArgumentException("Not a /proc/<pid>/stat line: " + line);
		}
		long pid = Long.parseLong(line.substring(0, open).trim());
		String comm = line.substring(open + 1, close);
		// Fields after the name, numbered from 3 (state) as in proc(5).
		String[] rest = line.substring(close + 2).trim().split(" ");
		return new ProcessStat(pid, comm, rest[0].charAt(0), Long.parseLong(rest[1]), Long.parseLong(rest[2]),
				Long.parseLong(rest[3]), Long.parseLong(rest[19]));
	}

}
