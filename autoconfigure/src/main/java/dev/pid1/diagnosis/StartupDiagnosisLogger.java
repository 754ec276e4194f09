package dev.pid1.diagnosis;

import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import dev.pid1.platform.DaemonThreads;
import dev.pid1.platform.PlatformLoader;

/**
 * Logs exactly one line at startup: INFO when a SIGTERM sent to PID 1 will shut this JVM
 * down gracefully, WARN naming the hop that breaks the path and the fix when it will not.
 * The line is written once the application is ready and the platform has loaded, on a
 * background thread, so it adds nothing to startup.
 *
 * @author pid1 authors
 */
public class StartupDiagnosisLogger implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(StartupDiagnosisLogger.class);

	private static final Executor BACKGROUND = DaemonThreads.executor("pid1-diagnosis");

	private final PlatformLoader loader;

	private final ProcessDiagnostics diagnostics;

	private final boolean showValues;

	public StartupDiagnosisLogger(PlatformLoader loader, ProcessDiagnostics diagnostics, boolean showValues) {
		this.loader = loader;
		this.diagnostics = diagnostics;
		this.showValues = showValues;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.loader.platform().thenRunAsync(this::log, BACKGROUND);
	}

	private void log() {
		try {
			ProcessDiagnosis diagnosis = this.diagnostics.diagnose(this.showValues);
			if (diagnosis.isWarning()) {
				logger.warn(diagnosis.summary());
			}
			else {
				logger.info(diagnosis.summary());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("pid1: diagnosis failed: " + ex, ex);
		}
	}

}
