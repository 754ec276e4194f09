package dev.pid1.shutdown;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The requests on the main port that do not keep the drain going: the probes, so that a
 * load balancer's or the kubelet's probes are not taken for traffic. Each path excludes
 * itself and what lies under it.
 *
 * @author pid1 authors
 */
final class ExcludedPath {

	private final List<String> paths;

	/** Each path with its closing slash, made once: the check runs on every request. */
	private final List<String> under;

	/**
	 * Creates the exclusion.
	 * @param paths the paths, within the application (after its context path), under
	 * which requests are excluded; empty or root paths are ignored
	 */
	ExcludedPath(Collection<String> paths) {
		List<String> kept = new ArrayList<>();
		for (String path : paths) {
			String cleaned = clean(path);
			if (!cleaned.isEmpty() && !kept.contains(cleaned)) {
				kept.add(cleaned);
			}
		}
		this.paths = List.copyOf(kept);
		this.under = kept.stream().map((path) -> path + "/").toList();
	}

	/**
	 * Creates the exclusion of one path.
	 * @param prefix the path, within the application (after its context path), under
	 * which requests are excluded, or {@code null} for none
	 */
	ExcludedPath(@Nullable String prefix) {
		this((prefix != null) ? List.of(prefix) : List.of());
	}

	/**
	 * Whether a request is excluded: its path is one of the paths or lies under it (a
	 * whole segment: {@code /actuator} excludes {@code /actuator/health}, not
	 * {@code /actuators}).
	 * @param pathWithinApplication the request's path after the context path
	 * @return whether it is excluded
	 */
	boolean matches(@Nullable String pathWithinApplication) {
		if (pathWithinApplication == null) {
			return false;
		}
		for (int i = 0; i < this.paths.size(); i++) {
			if (pathWithinApplication.equals(this.paths.get(i))
					|| pathWithinApplication.startsWith(this.under.get(i))) {
				return true;
			}
		}
		return false;
	}

	List<String> paths() {
		return this.paths;
	}

	/**
	 * The exclusion, made at the first request: the paths come from beans that are all
	 * there once the context has refreshed, and requests come only after.
	 */
	static final class OnFirstRequest {

		private final Supplier<? extends Collection<String>> paths;

		private volatile @Nullable ExcludedPath resolved;

		OnFirstRequest(Supplier<? extends Collection<String>> paths) {
			this.paths = paths;
		}

		boolean matches(@Nullable String pathWithinApplication) {
			ExcludedPath excluded = this.resolved;
			if (excluded == null) {
				// Two first requests may both make it: the result is the same.
				excluded = new ExcludedPath(this.paths.get());
				this.resolved = excluded;
			}
			return excluded.matches(pathWithinApplication);
		}

	}

	private static String clean(@Nullable String path) {
		String cleaned = (path != null) ? path.strip() : "";
		while (cleaned.endsWith("/")) {
			cleaned = cleaned.substring(0, cleaned.length() - 1);
		}
		return (cleaned.isEmpty() || cleaned.startsWith("/")) ? cleaned : "/" + cleaned;
	}

}
