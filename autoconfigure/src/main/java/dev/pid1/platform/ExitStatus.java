package dev.pid1.platform;

/**
 * How a process ended: an exit code, or the signal that killed it.
 *
 * @param exited whether it called {@code exit} (else a signal killed it)
 * @param code the exit code, or the signal number when {@code exited} is false
 * @param coreDumped whether a core was dumped
 * @author pid1 authors
 */
public record ExitStatus(boolean exited, int code, boolean coreDumped) {

	public static ExitStatus exited(int code) {
		return new ExitStatus(true, code, false);
	}

	public static ExitStatus signalled(int signal, boolean coreDumped) {
		return new ExitStatus(false, signal, coreDumped);
	}

	/**
	 * Decodes a {@code wait(2)} status word.
	 * @param status the status as {@code waitpid} stores it
	 * @return the decoded status
	 */
	public static ExitStatus fromWaitStatus(int status) {
		int termSignal = status & 0x7f;
		if (termSignal == 0) {
			return exited((status >> 8) & 0xff);
		}
		return signalled(termSignal, (status & 0x80) != 0);
	}

	/**
	 * The status as a shell reports it: the exit code, or 128 + the signal.
	 * @return the shell-style status
	 */
	public int shellStatus() {
		return this.exited ? this.code : 128 + this.code;
	}

	@Override
	public String toString() {
		return this.exited ? "exit " + this.code
				: "signal " + Signals.name(this.code) + (this.coreDumped ? " (core)" : "");
	}

}
