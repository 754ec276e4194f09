package dev.pid1.platform;

/**
 * The signal dispositions of a process, as {@code /proc/<pid>/status} shows them.
 *
 * @param caught signals with a handler installed ({@code SigCgt})
 * @param ignored signals set to {@code SIG_IGN} ({@code SigIgn})
 * @param blocked signals blocked by the main thread ({@code SigBlk})
 * @author pid1 authors
 */
public record SignalMasks(long caught, long ignored, long blocked) {

	/**
	 * Whether the process has a handler for a signal.
	 * @param signal the signal number
	 * @return whether it is caught
	 */
	public boolean catches(int signal) {
		return Signals.inMask(this.caught, signal);
	}

	/**
	 * Whether the process ignores a signal.
	 * @param signal the signal number
	 * @return whether it is ignored
	 */
	public boolean ignores(int signal) {
		return Signals.inMask(this.ignored, signal);
	}

	static SignalMasks parse(String status) {
		long caught = 0;
		long ignored = 0;
		long blocked = 0;
		for (String line : status.split("\n")) {
			if (line.startsWith("SigCgt:")) {
				caught = hex(line);
			}
			else if (line.startsWith("SigIgn:")) {
				ignored = hex(line);
			}
			else if (line.startsWith("SigBlk:")) {
				blocked = hex(line);
			}
		}
		return new SignalMasks(caught, ignored, blocked);
	}

	private static long hex(String line) {
		return Long.parseUnsignedLong(line.substring(line.indexOf(':') + 1).trim(), 16);
	}

}
