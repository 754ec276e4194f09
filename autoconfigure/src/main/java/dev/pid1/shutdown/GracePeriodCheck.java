package dev.pid1.shutdown;

/**
 * What to do when the shutdown settings may not fit the orchestrator's grace period.
 *
 * @author pid1 authors
 */
public enum GracePeriodCheck {

	/** Log a warning with the arithmetic. */
	WARN,

	/** Fail startup with the arithmetic. */
	FAIL

}
