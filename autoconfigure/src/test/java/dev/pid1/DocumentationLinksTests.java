package dev.pid1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The documentation's relative links and images point at files that exist and at headings
 * that exist (GitHub's anchors), so that moving a section or a file cannot leave a reader
 * on a dead link. Links with a scheme ({@code https:}) are not followed. Also checks that
 * CI runs the test command CONTRIBUTING.md gives.
 */
class DocumentationLinksTests {

	/** {@code [text](target)} and {@code ![alt](target)}, with an optional title. */
	private static final Pattern LINK = Pattern
		.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");

	/** The README's test command, as the repository's checks find it. */
	private static final Pattern README_TEST_COMMAND = Pattern.compile("\\./mvnw[^`]*verify[^`]*");

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	@Test
	void everyRelativeLinkAndImageResolves() {
		Path root = checkout();
		List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("CONTRIBUTING.md")));
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(documents).allMatch(Files::isRegularFile);
		assertThat(problems(root, documents)).isEmpty();
	}

	@Test
	void ciRunsTheTestCommandThatContributingGives() throws IOException {
		Path root = checkout();
		String command = "./mvnw verify";
		assertThat(Files.readString(root.resolve("CONTRIBUTING.md"))).contains(command);
		assertThat(Files.readString(root.resolve(".ci/run"))).contains(command + " -B");
	}

	/**
	 * The README's first screens give a new user both commands, the main job and the
	 * tests, and its test command is the one CI runs and CONTRIBUTING.md gives, as
	 * written.
	 */
	@Test
	void theReadmesFirstScreensGiveTheMainJobAndTheTestCommandThatCiRuns() throws IOException {
		Path root = checkout();
		List<String> firstScreens = Files.readAllLines(root.resolve("README.md")).stream().limit(80).toList();
		assertThat(firstScreens).as("the README's first 80 lines").contains("docker/run-as-pid1.sh");
		String command = firstScreens.stream()
			.map(README_TEST_COMMAND::matcher)
			.filter(Matcher::find)
			.map(Matcher::group)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no ./mvnw ... verify command in the README's first 80 lines"));
		assertThat(command).isEqualTo("./mvnw verify");
		assertThat(Files.readString(root.resolve(".ci/run"))).contains(command);
		assertThat(Files.readString(root.resolve("CONTRIBUTING.md"))).contains(command);
	}

	@Test
	void aLinkToAMissingFileIsReported(@TempDir Path root) throws IOException {
		Files.createDirectories(root.resolve("docs"));
		Files.writeString(root.resolve("docs/guide.md"), "# Guide\n");
		Path readme = write(root, "README.md", "See [the guide](docs/guide.md) and [the FAQ](docs/faq.md).\n");
		assertThat(problems(root, List.of(readme))).singleElement()
			.asString()
			.contains("README.md:1")
			.contains("docs/faq.md")
			.contains("no such file");
	}

	@Test
	void anImageSeenFromASubdirectoryIsResolvedFromThere(@TempDir Path root) throws IOException {
		Files.createDirectories(root.resolve("results"));
		Files.writeString(root.resolve("results/chart.svg"), "<svg/>");
		Path doc = write(root, "docs/bench.md", "![chart](../results/chart.svg)\n\n![chart](results/chart.svg)\n");
		assertThat(problems(root, List.of(doc))).singleElement().asString().contains("docs/bench.md:3");
	}

	@Test
	void aMissingAnchorIsReported(@TempDir Path root) throws IOException {
		write(root, "docs/how.md", "# How it works\n\n## The `/actuator/pid1` endpoint\n\n## Signals\n\n## Signals\n");
		Path readme = write(root, "README.md",
				"[a](docs/how.md#the-actuatorpid1-endpoint) [b](docs/how.md#signals-1) [c](docs/how.md#reaping)\n"
						+ "[d](#top)\n\n# Top\n");
		assertThat(problems(root, List.of(readme))).singleElement()
			.asString()
			.contains("#reaping")
			.contains("no heading");
	}

	@Test
	void linksInCodeAreNotLinks(@TempDir Path root) throws IOException {
		Path readme = write(root, "README.md",
				"```java\nint[] a = b[0](1);\n```\n\nUse `[x](missing.md)` literally, or [a site](https://example.org).\n");
		assertThat(problems(root, List.of(readme))).isEmpty();
	}

	/**
	 * Checks each document's relative links.
	 * @param root the checkout
	 * @param documents the Markdown files
	 * @return one line per broken link: where it is, what it points at, and why it is
	 * broken
	 */
	static List<String> problems(Path root, List<Path> documents) {
		Map<Path, Set<String>> anchors = new HashMap<>();
		List<String> problems = new ArrayList<>();
		for (Path document : documents) {
			List<String> lines = proseLines(document, true);
			for (int i = 0; i < lines.size(); i++) {
				Matcher link = LINK.matcher(lines.get(i));
				while (link.find()) {
					String target = link.group(1);
					if (target.isEmpty() || SCHEME.matcher(target).find()) {
						continue;
					}
					String where = root.relativize(document) + ":" + (i + 1) + ": " + link.group();
					int hash = target.indexOf('#');
					String path = (hash < 0) ? target : target.substring(0, hash);
					Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
					if (!file.startsWith(root)) {
						problems.add(where + ": points outside the repository");
					}
					else if (!Files.exists(file)) {
						problems.add(where + ": no such file " + root.relativize(file));
					}
					else if (hash >= 0 && file.toString().endsWith(".md")) {
						String anchor = target.substring(hash + 1);
						if (!anchors.computeIfAbsent(file, DocumentationLinksTests::anchors).contains(anchor)) {
							problems.add(where + ": no heading for #" + anchor + " in " + root.relativize(file));
						}
					}
				}
			}
		}
		return problems;
	}

	/** GitHub's anchors for the headings of a document, duplicates numbered. */
	static Set<String> anchors(Path document) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : proseLines(document, false)) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String slug = slug(heading.group(2));
				int count = seen.merge(slug, 1, Integer::sum);
				anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
			}
		}
		return anchors;
	}

	/** As GitHub makes them: lower case, punctuation dropped, spaces to hyphens. */
	static String slug(String heading) {
		String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
		return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M}\\p{Pc} -]", "").replace(' ', '-');
	}

	/**
	 * The lines of a document with fenced code blocks blanked and, for links, inline code
	 * removed, so that what looks like a link or a heading in code is not taken for one.
	 */
	private static List<String> proseLines(Path document, boolean withoutInlineCode) {
		List<String> lines = new ArrayList<>();
		String fence = null;
		try {
			for (String line : Files.readAllLines(document)) {
				String trimmed = line.stripLeading();
				if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
					fence = trimmed.substring(0, 3);
					lines.add("");
				}
				else if (fence != null) {
					if (trimmed.startsWith(fence)) {
						fence = null;
					}
					lines.add("");
				}
				else {
					lines.add(withoutInlineCode ? line.replaceAll("(`+)(?:(?!\\1).)+?\\1", "``") : line);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return lines;
	}

	private static Path write(Path root, String name, String content) throws IOException {
		Path file = root.resolve(name);
		Files.createDirectories(file.getParent());
		return Files.writeString(file, content);
	}

	/** From autoconfigure/ or compatibility/boot41-autoconfigure/: the checkout. */
	private static Path checkout() {
		Path root = Path.of("").toAbsolutePath();
		while (root != null && !(Files.isRegularFile(root.resolve("README.md"))
				&& Files.isDirectory(root.resolve("docs")) && Files.isRegularFile(root.resolve("mvnw")))) {
			root = root.getParent();
		}
		assumeTrue(root != null, "run from a module of a checkout");
		return root;
	}

}
