package dev.pid1.reaping;

/**
 * Why a JVM whose zombies are its own to reap (PID 1, a child subreaper) does not reap
 * them, and what to change.
 *
 * @param cause what keeps it from reaping, in words for the log
 * @param fix what to change
 * @author pid1 authors
 */
public record ReaperProblem(String cause, String fix) {

	private static final String OR_AN_INIT = "or start it under an init that reaps (`tini -- java ...`, "
			+ "`docker run --init`)";

	/**
	 * The problem of a reaper thread that died.
	 * @param error what it died of
	 * @return the problem
	 */
	static ReaperProblem died(Throwable error) {
		String cause = "the reaper thread died of " + error;
		if (error instanceof LinkageError) {
			return new ReaperProblem(cause,
					"a native call failed to link: keep only the JNA version "
							+ "pid1-spring-boot-starter brings on the class path; restart the JVM to reap again, "
							+ OR_AN_INIT);
		}
		if (error instanceof VirtualMachineError) {
			return new ReaperProblem(cause, "give the JVM more memory; restart it to reap again, " + OR_AN_INIT);
		}
		return new ReaperProblem(cause, "restart the JVM to reap again, " + OR_AN_INIT);
	}

}
