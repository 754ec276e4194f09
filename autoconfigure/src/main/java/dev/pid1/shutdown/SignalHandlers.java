package dev.pid1.shutdown;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Handles SIGTERM and SIGINT, and nothing else: the JVM uses BUS, USR2, PIPE and XFSZ
 * itself and {@code sun.misc.Signal} would silently replace its handlers. A handler that
 * an app or library installed before is called first; the JVM's own (exit with 128 +
 * signal) is replaced, as pid1 exits itself once the drain has ended. A SIGINT inherited
 * as ignored stays ignored.
 *
 * @author pid1 authors
 */
final class SignalHandlers {

	private static final Log logger = LogFactory.getLog(SignalHandlers.class);

	private static final String[] NAMES = { "TERM", "INT" };

	private final IntConsumer onSignal;

	private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

	private ClassLoader appClassLoader = SignalHandlers.class.getClassLoader();

	SignalHandlers(IntConsumer onSignal) {
		this.onSignal = onSignal;
	}

	synchronized void install() {
		if (!this.previous.isEmpty()) {
			return;
		}
		ClassLoader installer = Thread.currentThread().getContextClassLoader();
		if (installer != null) {
			this.appClassLoader = installer;
		}
		for (String name : NAMES) {
			Signal signal = new Signal(name);
			SignalHandler previousHandler;
			try {
				previousHandler = Signal.handle(signal, this::handle);
			}
			catch (IllegalArgumentException ex) {
				// -Xrs, or an OS without the signal.
				logger.warn("pid1 cannot handle SIG" + name + " (" + ex.getMessage() + "); the JVM was probably "
						+ "started with -Xrs, so SIG" + name + " will not shut it down gracefully");
				continue;
			}
			if (name.equals("INT") && previousHandler == SignalHandler.SIG_IGN) {
				Signal.handle(signal, SignalHandler.SIG_IGN);
				continue;
			}
			this.previous.put(signal, previousHandler);
		}
	}

	synchronized void uninstall() {
		this.previous.forEach((signal, handler) -> {
			try {
				Signal.handle(signal, handler);
			}
			catch (IllegalArgumentException ex) {
				// Nothing to restore.
			}
		});
		this.previous.clear();
	}

	private void handle(Signal signal) {
		SignalHandler previousHandler;
		ClassLoader appClassLoader;
		synchronized (this) {
			previousHandler = this.previous.get(signal);
			appClassLoader = this.appClassLoader;
		}
		// The JVM runs each handler on a new thread whose context class loader it
		// chooses:
		// none on Java 17, the system class loader on Java 21+, which under java -jar
		// sees
		// none of the app's classes. Run the handlers, and the Spring code they call,
		// with
		// the class loader of the thread that installed them (the main thread).
		Thread.currentThread().setContextClassLoader(appClassLoader);
		if (previousHandler != null && isForeign(previousHandler)) {
			try {
				previousHandler.handle(signal);
			}
			catch (RuntimeException ex) {
				logger.warn("The previous SIG" + signal.getName() + " handler failed", ex);
			}
		}
		this.onSignal.accept(signal.getNumber());
	}

	/**
	 * Whether a handler is someone else's, not the JVM's default: the JVM's own handlers
	 * come back wrapped in {@code sun.misc.Signal}'s internal adapter.
	 */
	private static boolean isForeign(SignalHandler handler) {
		return handler != SignalHandler.SIG_DFL && handler != SignalHandler.SIG_IGN
				&& !handler.getClass().getName().startsWith("sun.misc.Signal$");
	}

}
