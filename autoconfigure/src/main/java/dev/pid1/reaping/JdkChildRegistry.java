package dev.pid1.reaping;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * The JDK's registry of the children it waits for:
 * {@code java.lang.ProcessHandleImpl.completions}, keyed by pid. An entry is added before
 * the thread that started a {@link Process} returns, and removed only after the JDK's
 * reaper thread has reaped it, so a zombie whose pid is not in it is not the JDK's.
 * Readable only when {@code java.base/java.lang} is opened to this code.
 *
 * @author pid1 authors
 */
final class JdkChildRegistry {

	static final String HOW_TO_OPEN = "add --add-opens java.base/java.lang=ALL-UNNAMED to the java command "
			+ "(or the manifest entry 'Add-Opens: java.base/java.lang' of an executable jar)";

	private final Map<?, ?> completions;

	private JdkChildRegistry(Map<?, ?> completions) {
		this.completions = completions;
	}

	/**
	 * Opens the registry.
	 * @return the registry
	 * @throws IllegalStateException naming the reason when it cannot be read
	 */
	static JdkChildRegistry open() {
		try {
			Class<?> type = Class.forName("java.lang.ProcessHandleImpl");
			Field field = type.getDeclaredField("completions");
			field.setAccessible(true);
			Object value = field.get(null);
			if (!(value instanceof Map<?, ?> map)) {
				throw new IllegalStateException("java.lang.ProcessHandleImpl.completions is not a map in this JDK");
			}
			return new JdkChildRegistry(map);
		}
		catch (RuntimeException ex) {
			if (ex instanceof IllegalStateException) {
				throw ex;
			}
			// InaccessibleObjectException: java.base/java.lang is not opened.
			throw new IllegalStateException("the JDK's child registry is not readable; " + HOW_TO_OPEN, ex);
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			throw new IllegalStateException("this JDK has no readable child registry (" + ex + ")", ex);
		}
	}

	/**
	 * Whether the JDK has a reaper thread waiting for this pid.
	 * @param pid the pid
	 * @return whether the pid is the JDK's to reap
	 */
	boolean isWaitingFor(long pid) {
		return this.completions.containsKey(pid);
	}

}
