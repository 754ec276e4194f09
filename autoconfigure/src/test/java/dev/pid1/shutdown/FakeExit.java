package dev.pid1.shutdown;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records how the JVM would have ended, instead of ending it.
 */
final class FakeExit implements JvmExit {

	final List<Integer> exits = new CopyOnWriteArrayList<>();

	final List<Integer> halts = new CopyOnWriteArrayList<>();

	@Override
	public void exit(int status) {
		this.exits.add(status);
	}

	@Override
	public void halt(int status) {
		this.halts.add(status);
	}

}
