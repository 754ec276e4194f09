package dev.pid1.platform;

/**
 * The platform where native calls cannot be made: off Linux, without a native backend
 * (JNA), or when the native part failed to load. It answers what pure Java can (pid,
 * parent, {@code /proc}) and has no native operation at all.
 *
 * @param reason why native support is missing, in one line
 * @param procFs the {@code /proc} reader
 * @author pid1 authors
 */
public record UnsupportedPlatform(String reason, ProcFs procFs) implements ProcessPlatform {

	/**
	 * Creates the platform over the real {@code /proc}.
	 * @param reason why native support is missing
	 */
	public UnsupportedPlatform(String reason) {
		this(reason, new ProcFs());
	}

	@Override
	public Support support() {
		return Support.unsupported(this.reason);
	}

	@Override
	public long parentPid() {
		return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
	}

}
