//! Java (Maven, Gradle): build the jar in the builder and run it on a JRE of the same
//! vendor and major version (`eclipse-temurin:<version>-jre`, Alpine kept). A start
//! command that runs the build tool (`mvn spring-boot:run`, `gradle bootRun`) becomes
//! `java -jar /app/app.jar`; a start command that names the jar or an `installDist`
//! script keeps its path.

use crate::fixes::json_array;
use crate::rules::practice::ecosystem::positional;

use super::super::images::Family;
use super::super::paths;
use super::{Artifact, Plan, Stage};

/// The JDK major version an image tag names: `eclipse-temurin:21-jdk`, `openjdk:17`,
/// `maven:3.9-eclipse-temurin-21`, `gradle:8-jdk17-alpine`, `maven:3-openjdk-11`.
fn jdk_version(short: &str, tag: &str) -> Option<String> {
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.to_string())
    };
    match short {
        "eclipse-temurin" | "openjdk" | "amazoncorretto" | "sapmachine" | "ibm-semeru-runtimes" => {
            num(tag.split(['-', '.', '_']).next()?)
        }
        _ => {
            let parts: Vec<&str> = tag.split('-').collect();
            for (k, p) in parts.iter().enumerate() {
                if let Some(v) = p.strip_prefix("jdk").and_then(num) {
                    return Some(v);
                }
                let vendor = matches!(
                    *p,
                    "temurin"
                        | "openjdk"
                        | "amazoncorretto"
                        | "corretto"
                        | "sapmachine"
                        | "semeru"
                        | "jdk"
                );
                if let Some(v) = parts.get(k + 1).filter(|_| vendor).and_then(|n| num(n)) {
                    return Some(v);
                }
            }
            None
        }
    }
}

/// The JRE image for the builder image, and whether the version was a guess.
fn jre_image(st: &Stage<'_>) -> (String, bool) {
    let short = st.image.short_name().to_ascii_lowercase();
    let tag = st.tag();
    // `eclipse-temurin:21-jdk-noble` has a `21-jre-noble` sibling.
    if short == "eclipse-temurin" && tag.split('-').any(|p| p == "jdk") {
        let jre: Vec<&str> = tag
            .split('-')
            .map(|p| if p == "jdk" { "jre" } else { p })
            .collect();
        return (st.retag(&jre.join("-")), false);
    }
    let suffix = if tag.contains("alpine") {
        "-alpine"
    } else {
        ""
    };
    match jdk_version(&short, &tag) {
        Some(v) => (format!("eclipse-temurin:{v}-jre{suffix}"), false),
        None => (format!("eclipse-temurin:21-jre{suffix}"), true),
    }
}

/// The jar Maven builds, from `pom.xml` when it can be read.
fn maven_jar(st: &Stage<'_>) -> Option<String> {
    let pom = st.app_file("pom.xml")?;
    let tag = |name: &str, from: &str| -> Option<String> {
        let open = format!("<{name}>");
        let i = from.find(&open)? + open.len();
        let j = from[i..].find('<')? + i;
        Some(from[i..j].trim().to_string())
    };
    // The project's own elements: after </parent> when there is one.
    let own = pom.split("</parent>").last().unwrap_or(&pom);
    let packaging = tag("packaging", own).unwrap_or_else(|| "jar".into());
    if packaging != "jar" && packaging != "war" {
        return None;
    }
    if let Some(b) = own.split("<build>").nth(1) {
        if let Some(f) = tag("finalName", b) {
            if !f.contains('$') {
                return Some(format!("{f}.{packaging}"));
            }
        }
    }
    let artifact = tag("artifactId", own)?;
    let version = tag("version", own)?;
    (!artifact.contains('$') && !version.contains('$'))
        .then(|| format!("{artifact}-{version}.{packaging}"))
}

pub fn plan(st: &Stage<'_>) -> Option<Plan> {
    let commands = st.commands();
    let mut jar: Option<String> = None;
    let mut install_dir: Option<String> = None;
    let mut guessed_jar = false;
    for rc in commands {
        let Some(a) = crate::commands::argv(&rc.cmd) else {
            continue;
        };
        let cwd = rc.cwd.clone()?;
        let pos = positional(
            a.args,
            &[
                "-f",
                "--file",
                "-s",
                "--settings",
                "-P",
                "-pl",
                "-T",
                "-p",
                "--project-dir",
                "-b",
                "--build-file",
                "-x",
                "--exclude-task",
            ],
        );
        match a.name.as_str() {
            "mvn" | "mvnw"
                if pos
                    .iter()
                    .any(|w| matches!(w.value.as_str(), "package" | "install" | "verify")) =>
            {
                match maven_jar(st) {
                    Some(j) => jar = Some(paths::join(&cwd, &format!("target/{j}"))),
                    None => {
                        jar = Some(paths::join(&cwd, "target/*.jar"));
                        guessed_jar = true;
                    }
                }
            }
            "gradle" | "gradlew" => {
                for w in &pos {
                    let task = w.value.rsplit(':').next().unwrap_or(&w.value);
                    match task {
                        "installDist" => install_dir = Some(paths::join(&cwd, "build/install")),
                        "shadowJar" => jar = Some(paths::join(&cwd, "build/libs/*-all.jar")),
                        "bootJar" | "build" | "assemble" | "jar" | "buildFatJar" => {
                            jar = Some(paths::join(&cwd, "build/libs/*.jar"));
                            guessed_jar = true;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let (image, guessed_version) = jre_image(st);
    let mut plan = Plan {
        runtime_image: image,
        family: Some(if st.tag().contains("alpine") {
            Family::Alpine
        } else {
            Family::Debian
        }),
        same_family: false,
        ..Plan::default()
    };
    if guessed_version {
        plan.notes.push(
            "use the Java version the builder compiles for in the runtime image's tag.".into(),
        );
    }
    // The start command.
    let start = st.start();
    let words = st.start_words();
    let is_tool = |p: &str| {
        matches!(
            p.rsplit('/').next().unwrap_or(p),
            "mvn" | "mvnw" | "gradle" | "gradlew"
        )
    };
    let runs_tool = words.first().is_some_and(|w| is_tool(w));
    let jar_arg = words
        .iter()
        .position(|w| w == "-jar")
        .and_then(|k| words.get(k + 1))
        .cloned();
    if runs_tool {
        // Only a start command that is the tool alone (no ENTRYPOINT + CMD pair).
        let [(i, ins)] = start.as_slice() else {
            return None;
        };
        let j = jar.clone()?;
        let target = "/app/app.jar".to_string();
        plan.artifacts.push(Artifact {
            from: j,
            to: target.clone(),
        });
        plan.workdir = Some("/app".into());
        plan.start.push((
            *i,
            format!(
                "{} {}",
                ins.keyword_text,
                json_array(&["java", "-jar", target.as_str()])
            ),
        ));
        if guessed_jar {
            plan.notes.push("if the build produces more than one jar (a -plain.jar next to the Spring Boot jar), copy the one to run.".into());
        }
    } else if let Some(j) = jar_arg {
        if j.contains('$') {
            return None;
        }
        plan.artifacts
            .push(Artifact::same(paths::join(&st.workdir, &j)));
    } else if let Some(d) = install_dir {
        plan.artifacts.push(Artifact::same(d));
    } else if jar.is_some() && st.app_dir != "/" {
        // `java -cp ...` or a script: the application directory with the build in it.
        plan.artifacts.push(Artifact::same(st.app_dir.clone()));
    } else {
        return None;
    }
    Some(plan)
}
