package dev.pid1.platform;

/**
 * Linux signal numbers that pid1 deals with (the same on x86_64 and aarch64).
 *
 * @author pid1 authors
 */
public final class Signals {

	public static final int SIGHUP = 1;

	public static final int SIGINT = 2;

	public static final int SIGQUIT = 3;

	public static final int SIGKILL = 9;

	public static final int SIGUSR1 = 10;

	public static final int SIGTERM = 15;

	public static final int SIGCHLD = 17;

	private static final String[] NAMES = { "0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
			"USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
			"URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS" };

	private Signals() {
	}

	/**
	 * The conventional name of a signal, without the {@code SIG} prefix.
	 * @param signal the signal number
	 * @return its name, or {@code RT<n>} / the number for others
	 */
	public static String name(int signal) {
		if (signal >= 0 && signal < NAMES.length) {
			return NAMES[signal];
		}
		return (signal >= 34 && signal <= 64) ? "RTMIN+" + (signal - 34) : Integer.toString(signal);
	}

	/**
	 * Whether a signal mask as {@code /proc/<pid>/status} shows it ({@code SigCgt},
	 * {@code SigIgn}, ...) contains a signal.
	 * @param mask the mask
	 * @param signal the signal number
	 * @return whether the bit for the signal is set
	 */
	public static boolean inMask(long mask, int signal) {
		return (mask & (1L << (signal - 1))) != 0;
	}

}
