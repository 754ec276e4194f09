package dev.pid1.sample.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

import dev.pid1.test.Capability;
import dev.pid1.test.Capability.Missing;

/**
 * The local Docker engine and the sample app's images (and the compatibility apps'),
 * built once per run from {@code docker/Dockerfile} on the base images
 * {@code docker/base-image.sh} makes. Nothing is ever pulled. Where there is no engine
 * the tests skip with the reason, except under {@code CI=true}, where they fail.
 *
 * @author pid1 authors
 */
final class ContainerEngine {

	/**
	 * Where the test images go, and the only repository whose stale images are removed:
	 * {@code PID1_TEST_IMAGE_REPOSITORY} gives each checkout sharing an engine its own.
	 */
	static final String IMAGE_REPOSITORY = Optional.ofNullable(System.getenv("PID1_TEST_IMAGE_REPOSITORY"))
		.filter((repository) -> !repository.isBlank())
		.orElse("pid1/sample-app");

	/**
	 * The Java of {@code docker/base-image.sh} without an argument, and of the sample
	 * app's images.
	 */
	static final int DEFAULT_JAVA = 17;

	private static final String DOCKERFILE = "Dockerfile";

	private static final String SHAPES_DOCKERFILE = "shapes.Dockerfile";

	private static final Map<String, String> images = new ConcurrentHashMap<>();

	private static final Map<Integer, String> baseImages = new HashMap<>();

	private static volatile Missing unavailableReason;

	private static volatile String baseImage;

	private static volatile boolean probed;

	private ContainerEngine() {
	}

	/**
	 * Skips the calling test (or fails it under CI) when there is no usable engine or no
	 * base image.
	 */
	static void assumeAvailable() {
		if (Boolean.getBoolean("pid1.container-tests.skip")) {
			// An explicit choice (CI runs them once, in its Java 17 pass), not a missing
			// engine.
			Assumptions.abort("Container tests skipped: -Dpid1.container-tests.skip=true");
		}
		Missing missing = unavailableReason();
		if (missing != null) {
			missing.forPurpose("Container tests").skipOrFail();
		}
	}

	static DockerClient client() {
		return DockerClientFactory.instance().client();
	}

	/**
	 * The sample app's image for a build target of {@code docker/Dockerfile}, built at
	 * most once per content (jar, Dockerfile, scripts, base image).
	 * @param target the build target, such as {@code script-no-exec}
	 * @return the image name
	 */
	static String image(String target) {
		return image(target, jar(), DEFAULT_JAVA);
	}

	/**
	 * An executable jar's image for a build target of {@code docker/Dockerfile}, on the
	 * base image of a Java ({@code docker/base-image.sh JAVA}), built at most once per
	 * content. What a cell of the compatibility matrix runs.
	 * @param target the build target, such as {@code jvm-pid1}
	 * @param jar the executable jar, inside this repository
	 * @param java the Java of the base image: 17, 21 or 25
	 * @return the image name
	 */
	static String image(String target, Path jar, int java) {
		assumeAvailable();
		if (!Files.isRegularFile(jar)) {
			unavailable("the jar " + jar + " is missing: ./mvnw verify builds it (its module is in the reactor)");
		}
		String base = baseImage(java);
		return images.computeIfAbsent(target + " " + jar + " " + java,
				(key) -> build(DOCKERFILE, target, jar, java, base));
	}

	/**
	 * The sample app's image in another deployment shape: a build target of
	 * {@code docker/shapes.Dockerfile} ({@code extracted-aot}, {@code jib},
	 * {@code spring-aot}) on the base image of a Java, built at most once per content
	 * (the jar and the Spring AOT build's classes,
	 * {@code sample-app/target/aot/classes}).
	 * @param target the build target
	 * @param java the Java of the base image: 17, 21 or 25
	 * @return the image name
	 */
	static String shapeImage(String target, int java) {
		assumeAvailable();
		Path aotClasses = aotClasses();
		if (!Files.isDirectory(aotClasses)) {
			unavailable("the Spring AOT build " + aotClasses + " is missing: ./mvnw install -DskipTests writes it");
		}
		String base = baseImage(java);
		return images.computeIfAbsent("shapes " + target + " " + java,
				(key) -> build(SHAPES_DOCKERFILE, target, jar(), java, base));
	}

	static Path aotClasses() {
		return repository().resolve("sample-app/target/aot/classes");
	}

	/**
	 * The base image of a Java, built by {@code docker/base-image.sh JAVA} the first time
	 * it is needed (about a minute).
	 */
	private static String baseImage(int java) {
		if (java == DEFAULT_JAVA) {
			return baseImage;
		}
		synchronized (baseImages) {
			String image = baseImages.get(java);
			if (image == null) {
				try {
					image = ensureBaseImage(java);
				}
				catch (IllegalStateException ex) {
					unavailable(ex.getMessage());
				}
				baseImages.put(java, image);
			}
			return image;
		}
	}

	/**
	 * Skips the calling test with the reason, or fails it under {@code CI=true}.
	 */
	private static void unavailable(String reason) {
		new Missing(reason, prepareMachine()).forPurpose("Container tests").skipOrFail();
	}

	private static String prepareMachine() {
		return "Prepare this machine: " + Capability.asRoot("docker/prepare-machine.sh");
	}

	private static synchronized Missing unavailableReason() {
		if (!probed) {
			probed = true;
			unavailableReason = probe();
		}
		return unavailableReason;
	}

	private static Missing probe() {
		if (!System.getProperty("os.name", "").toLowerCase().startsWith("linux")) {
			return new Missing("not Linux", "They run Linux containers on the host's network: run them on Linux");
		}
		if (!Files.isRegularFile(jar())) {
			return new Missing("the sample app's jar " + jar() + " is missing", "Run ./mvnw install -DskipTests first");
		}
		// Before Testcontainers, which logs an ERROR where there is simply no engine.
		Optional<Missing> noEngine = DockerEngineProbe.missing();
		if (noEngine.isPresent()) {
			return noEngine.get();
		}
		String prepare = prepareMachine();
		try {
			if (!DockerClientFactory.instance().isDockerAvailable()) {
				return new Missing("the Docker engine does not answer", prepare);
			}
		}
		catch (RuntimeException ex) {
			return new Missing("the Docker engine does not answer (" + ex + ")", prepare);
		}
		try {
			baseImage = ensureBaseImage(DEFAULT_JAVA);
			return null;
		}
		catch (IllegalStateException ex) {
			return new Missing(ex.getMessage(), prepare);
		}
	}

	/**
	 * The base image of a Java for this repository's package list, built by
	 * {@code docker/base-image.sh JAVA} when it is missing (that needs root and Debian's
	 * package mirror, and takes about a minute once).
	 */
	private static String ensureBaseImage(int java) {
		Path script = repository().resolve("docker/base-image.sh");
		String tag = run(List.of(script.toString(), Integer.toString(java), "--tag"), 30).trim();
		if (exists(tag)) {
			return tag;
		}
		Path log = logs().resolve("base-image-" + java + ".log");
		String output = run(List.of(script.toString(), Integer.toString(java)), 900);
		try {
			Files.createDirectories(log.getParent());
			Files.writeString(log, output);
		}
		catch (IOException ex) {
			// only a log
		}
		if (!exists(tag)) {
			throw new IllegalStateException("the base image " + tag + " is missing and docker/base-image.sh did not"
					+ " build it (see " + log + "): " + output.lines().reduce((a, b) -> b).orElse(""));
		}
		return tag;
	}

	private static String build(String dockerfile, String target, Path jar, int java, String base) {
		boolean shapes = dockerfile.equals(SHAPES_DOCKERFILE);
		// The sample app's images on the default Java keep their short names.
		String app = jar.getFileName().toString().replaceFirst("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", "");
		String name = (jar.equals(jar()) && java == DEFAULT_JAVA && !shapes) ? target
				: target + "-" + app.replaceFirst("^pid1-(compat-)?", "") + "-java" + java;
		String key = contentKey(dockerfile, jar, base);
		String tag = IMAGE_REPOSITORY + ":" + name + "-" + key;
		removeStaleImages(name, key);
		if (exists(tag)) {
			return tag;
		}
		Path docker = repository().resolve("docker");
		String appJar = repository().relativize(jar.toAbsolutePath().normalize()).toString();
		// The context holds exactly what the Dockerfile copies (what .dockerignore keeps
		// for a CLI build), laid out as in the repository. The Dockerfile goes in as a
		// file: handed over as the Dockerfile, Testcontainers would try to pull its stage
		// names.
		ImageFromDockerfile image = new ImageFromDockerfile(tag, false)
			.withFileFromPath("Dockerfile", docker.resolve(dockerfile))
			.withFileFromPath(appJar, jar)
			.withBuildArg("BASE_IMAGE", base)
			.withBuildArg("APP_JAR", appJar)
			.withTarget(target);
		if (shapes) {
			String aotClasses = repository().relativize(aotClasses()).toString();
			image.withFileFromPath(aotClasses, aotClasses()).withBuildArg("AOT_CLASSES", aotClasses);
		}
		else {
			image.withFileFromPath("docker/scripts", docker.resolve("scripts"));
		}
		try {
			return image.get(10, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Building " + tag + " failed", ex);
		}
	}

	/**
	 * Removes this repository's images of a name other than the current one: each run
	 * builds new ones when the jar changed.
	 */
	private static void removeStaleImages(String name, String key) {
		for (Image image : client().listImagesCmd().withImageNameFilter(IMAGE_REPOSITORY).exec()) {
			String[] tags = image.getRepoTags();
			// Only images these tests tagged (name-key): never one a user built.
			boolean stale = tags != null && tags.length > 0
					&& Stream.of(tags)
						.allMatch((tag) -> tag.matches(Pattern.quote(IMAGE_REPOSITORY + ":" + name) + "-[0-9a-f]{12}")
								&& !tag.endsWith("-" + key));
			if (stale) {
				try {
					client().removeImageCmd(image.getId()).withForce(true).exec();
				}
				catch (RuntimeException ex) {
					// in use or already gone: the next run tries again
				}
			}
		}
	}

	private static String contentKey(String dockerfile, Path jar, String base) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(base.getBytes(StandardCharsets.UTF_8));
			Path docker = repository().resolve("docker");
			update(digest, docker.resolve(dockerfile));
			if (dockerfile.equals(SHAPES_DOCKERFILE)) {
				try (Stream<Path> classes = Files.walk(aotClasses())) {
					for (Path file : classes.filter(Files::isRegularFile).sorted().toList()) {
						digest.update(aotClasses().relativize(file).toString().getBytes(StandardCharsets.UTF_8));
						update(digest, file);
					}
				}
			}
			try (Stream<Path> scripts = Files.list(docker.resolve("scripts"))) {
				for (Path script : scripts.sorted().toList()) {
					update(digest, script);
				}
			}
			update(digest, jar);
			return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		}
		catch (IOException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void update(MessageDigest digest, Path file) throws IOException {
		digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[65536];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				digest.update(buffer, 0, n);
			}
		}
	}

	private static boolean exists(String image) {
		try {
			client().inspectImageCmd(image).exec();
			return true;
		}
		catch (NotFoundException ex) {
			return false;
		}
	}

	private static String run(List<String> command, long timeoutSeconds) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish");
			}
			String text = new String(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + text.strip());
			}
			return text;
		}
		catch (IOException ex) {
			throw new IllegalStateException(String.join(" ", command) + " cannot run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	static Path repository() {
		return Path.of(System.getProperty("pid1.repository", "..")).toAbsolutePath().normalize();
	}

	static Path jar() {
		String jar = System.getProperty("pid1.sample.jar");
		if (jar != null) {
			return Path.of(jar);
		}
		return repository().resolve("sample-app/target/pid1-sample-app-0.1.0-SNAPSHOT.jar");
	}

	static Path logs() {
		return Path.of(System.getProperty("pid1.container-logs", "target/container-logs"));
	}

}
