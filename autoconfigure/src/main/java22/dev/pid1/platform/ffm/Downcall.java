package dev.pid1.platform.ffm;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A libc function {@link FfmSyscalls} binds: its descriptor and the facts its linker
 * options are made of. The same values make the downcall handle and its description in
 * GraalVM's reachability metadata ({@code foreign.downcalls} in
 * {@code META-INF/native-image/dev.pid1/pid1-spring-boot-autoconfigure/reachability-metadata.json}),
 * so a test can hold that file to what is bound.
 *
 * @param function the libc symbol
 * @param descriptor the function descriptor
 * @param captureErrno whether {@code errno} is captured ({@code captureCallState})
 * @param firstVariadicArg the index of the first variadic argument, or
 * {@link #NOT_VARIADIC}
 * @author pid1 authors
 */
record Downcall(String function, FunctionDescriptor descriptor, boolean captureErrno, int firstVariadicArg) {

	static final int NOT_VARIADIC = -1;

	Linker.Option[] options() {
		List<Linker.Option> options = new ArrayList<>();
		if (this.captureErrno) {
			options.add(Linker.Option.captureCallState("errno"));
		}
		if (this.firstVariadicArg != NOT_VARIADIC) {
			options.add(Linker.Option.firstVariadicArg(this.firstVariadicArg));
		}
		return options.toArray(Linker.Option[]::new);
	}

	/**
	 * This downcall as GraalVM registers it, for example
	 * {@code jint(jint, jlong, jlong, jlong, jlong) captureCallState firstVariadicArg=1}:
	 * each layout by its canonical name, and only where the linker names exactly that
	 * layout so (otherwise the layout itself, which no metadata entry matches).
	 * @param linker the linker whose canonical layouts name the layouts
	 * @return the description
	 */
	String metadata(Linker linker) {
		String returnType = this.descriptor.returnLayout()
			.map((layout) -> canonicalName(linker, layout))
			.orElse("void");
		String parameters = this.descriptor.argumentLayouts()
			.stream()
			.map((layout) -> canonicalName(linker, layout))
			.collect(Collectors.joining(", "));
		return returnType + "(" + parameters + ")" + (this.captureErrno ? " captureCallState" : "")
				+ ((this.firstVariadicArg != NOT_VARIADIC) ? " firstVariadicArg=" + this.firstVariadicArg : "");
	}

	/**
	 * The JNI names GraalVM's examples use for Java's carriers, {@code void*} for
	 * pointers.
	 */
	private static String canonicalName(Linker linker, MemoryLayout layout) {
		if (layout instanceof AddressLayout address) {
			MemoryLayout pointer = linker.canonicalLayouts().get("void*");
			return (pointer instanceof AddressLayout canonical
					&& canonical.withoutTargetLayout().equals(address.withoutTargetLayout().withoutName())) ? "void*"
							: layout.toString();
		}
		if (layout instanceof ValueLayout value) {
			String name = "j" + value.carrier().getName();
			return value.withoutName().equals(linker.canonicalLayouts().get(name)) ? name : layout.toString();
		}
		return layout.toString();
	}

}
