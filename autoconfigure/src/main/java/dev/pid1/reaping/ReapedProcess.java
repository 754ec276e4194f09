package dev.pid1.reaping;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.Signals;

/**
 * A process the reaper reaped.
 *
 * @param pid its pid
 * @param command its command name ({@code comm}, at most 15 characters)
 * @param exitCode its exit code, {@code null} when a signal killed it
 * @param signal the signal that killed it ({@code KILL}, {@code TERM}, ...), {@code null}
 * when it exited
 * @param reapedAt when it was reaped
 * @author pid1 authors
 */
public record ReapedProcess(long pid, String command, @Nullable Integer exitCode, @Nullable String signal,
		Instant reapedAt) {

	static ReapedProcess of(long pid, String command, ExitStatus status) {
		return new ReapedProcess(pid, command, status.exited() ? status.code() : null,
				status.exited() ? null : Signals.name(status.code()), Instant.now());
	}

}
