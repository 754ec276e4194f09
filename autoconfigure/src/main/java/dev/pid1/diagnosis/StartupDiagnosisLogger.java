package dev.pid1.diagnosis;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import dev.pid1.platform.DaemonThreads;
import dev.pid1.platform.PlatformLoader;

/**
 * Logs exactly one line at startup: INFO when a SIGTERM sent to PID 1 will shut this JVM
 * down gracefully, WARN naming the hop that breaks the path and the fix when it will not;
 * also WARN when the preStop endpoint the application asked for does not answer (see
 * {@link PreStopHookStatus}). The line is written once the application is ready and the
 * platform has loaded, on a background thread, so it adds nothing to startup.
 *
 * @author pid1 authors
 */
public class StartupDiagnosisLogger implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(StartupDiagnosisLogger.class);

	private static final Executor BACKGROUND = DaemonThreads.executor("pid1-diagnosis");

	private final PlatformLoader loader;

	private final ProcessDiagnostics diagnostics;

	private final boolean showValues;

	private final Supplier<@Nullable PreStopHookStatus> preStop;

	public StartupDiagnosisLogger(PlatformLoader loader, ProcessDiagnostics diagnostics, boolean showValues) {
		this(loader, diagnostics, showValues, () -> null);
	}

	/**
	 * Creates the logger.
	 * @param loader the platform loader
	 * @param diagnostics the diagnosis
	 * @param showValues whether hops may carry their whole command line
	 * @param preStop whether a preStop hook reaches pid1's endpoint, asked once the
	 * application is ready; {@code null} when that is not known
	 */
	public StartupDiagnosisLogger(PlatformLoader loader, ProcessDiagnostics diagnostics, boolean showValues,
			Supplier<@Nullable PreStopHookStatus> preStop) {
		this.loader = loader;
		this.diagnostics = diagnostics;
		this.showValues = showValues;
		this.preStop = preStop;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		// Asked on the main thread: the application's beans and environment, not /proc.
		PreStopHookStatus preStop = status();
		this.loader.platform().thenRunAsync(() -> log(preStop), BACKGROUND);
	}

	private @Nullable PreStopHookStatus status() {
		try {
			return this.preStop.get();
		}
		catch (RuntimeException ex) {
			logger.debug("pid1: cannot tell whether the preStop endpoint answers", ex);
			return null;
		}
	}

	private void log(@Nullable PreStopHookStatus preStop) {
		try {
			ProcessDiagnosis diagnosis = this.diagnostics.diagnose(this.showValues);
			if (diagnosis.isWarning(preStop)) {
				logger.warn(diagnosis.summary(preStop));
			}
			else {
				logger.info(diagnosis.summary(preStop));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("pid1: diagnosis failed: " + ex, ex);
		}
	}

}
