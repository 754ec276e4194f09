package dev.pid1.diagnosis;

/**
 * When whole command lines may be shown. Command lines carry secrets (passwords in
 * arguments are common), so by default only executable names and the flags that decide
 * the verdict are shown. Environment values are never shown.
 *
 * @author pid1 authors
 */
public enum ShowValues {

	/** Never show whole command lines. */
	NEVER,

	/**
	 * Show them in the endpoint to authenticated users with one of the configured roles;
	 * never in logs.
	 */
	WHEN_AUTHORIZED,

	/** Always show them, in the endpoint and in the logs. */
	ALWAYS

}
