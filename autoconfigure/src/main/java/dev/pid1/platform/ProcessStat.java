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
		// Fields after the name, numbered from 3 (state) as in proc(5); only up to 22.
		long[] fields = new long[23];
		char state = '?';
		int field = 3;
		int i = close + 2;
		int length = line.length();
		while (i < length && field <= 22) {
			int end = line.indexOf(' ', i);
			if (end < 0) {
				end = length;
			}
			if (field == 3) {
				state = line.charAt(i);
			}
			else if (field == 4 || field == 5 || field == 6 || field == 22) {
				fields[field] = parseField(line, i, end);
			}
			field++;
			i = end + 1;
		}
		if (field <= 22) {
			throw new IllegalArgumentException("Not a /proc/<pid>/stat line: " + line);
		}
		return new ProcessStat(pid, comm, state, fields[4], fields[5], fields[6], fields[22]);
	}

	private static long parseField(String line, int start, int end) {
		long value = 0;
		boolean negative = line.charAt(start) == '-';
		for (int i = negative ? start + 1 : start; i < end; i++) {
			char c = line.charAt(i);
			if (c < '0' || c > '9') {
				throw new IllegalArgumentException("Not a number in /proc/<pid>/stat: " + line.substring(start, end));
			}
			value = value * 10 + (c - '0');
		}
		return negative ? -value : value;
	}

}
