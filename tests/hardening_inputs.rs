//! Inputs that used to crash, hang or clobber (issue 13, points 1 to 4):
//! each ends in output or in located diagnostics, within a bound on the
//! CPU work it takes.

use std::time::Duration;

use oapi_tests::{run_pipeline, thread_cpu_time};

/// The most CPU time one of these small specs may take through the whole
/// pipeline, in a debug build. Each took from 28 s to over 90 s before.
const CPU_BOUND: Duration = Duration::from_secs(5);

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// Run the pipeline on `text` within [`CPU_BOUND`]: the generated file
/// count, or the diagnostics as text.
fn bounded(name: &str, text: &str) -> Result<usize, Vec<String>> {
    let start = thread_cpu_time();
    let result = run_pipeline(&format!("specs/{name}.yaml"), text);
    let spent = thread_cpu_time() - start;
    assert!(spent < CPU_BOUND, "{name}: {spent:?} of CPU time");
    result.map(|g| g.files.len()).map_err(|d| d.iter().map(ToString::to_string).collect())
}

#[test]
fn non_finite_numbers_are_located_errors_not_panics() {
    let at_places = [
        ("paths/~1a/get/parameters/0/schema/minimum", "{type: number, minimum: .nan}"),
        ("paths/~1a/get/parameters/0/schema/maximum", "{type: number, maximum: .inf}"),
        ("paths/~1a/get/parameters/0/schema/multipleOf", "{type: number, multipleOf: -.inf}"),
        ("paths/~1a/get/parameters/0/schema/minLength", "{type: string, minLength: .nan}"),
        ("paths/~1a/get/parameters/0/schema/description", "{type: string, description: .inf}"),
    ];
    for (pointer, schema) in at_places {
        let text = format!(
            "{HEADER}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: q, in: query, schema: {schema}}}\n      \
             responses: {{'200': {{description: ok}}}}\n"
        );
        let errors = bounded("nan", &text).expect_err(schema);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with(&format!("error: specs/nan.yaml#/{pointer}: `")), "{}", errors[0]);
        assert!(errors[0].ends_with("is not a number JSON can hold; OpenAPI documents allow finite numbers only"));
    }
}

#[test]
fn a_union_that_lists_itself_is_a_warning_not_a_stack_overflow() {
    let text = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          \
         content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}\ncomponents:\n  schemas:\n    \
         A: {{oneOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}], discriminator: \
         {{propertyName: kind}}}}\n    B: {{type: object, properties: {{kind: {{type: string}}}}}}\n    \
         C: {{anyOf: [{{$ref: '#/components/schemas/D'}}]}}\n    D: {{oneOf: [{{$ref: '#/components/schemas/C'}}]}}\n"
    );
    let generated = run_pipeline("specs/selfu.yaml", &text).expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.contains(
            &"warning: specs/selfu.yaml#/components/schemas/A: member \"A\" of \"A\" dropped: it leads back to \"A\" \
              without entering any part of the value, so no value could ever be matched against it"
                .to_owned()
        ),
        "{warnings:#?}"
    );
    // C and D only name each other (one-member unions are aliases): nothing is left of either.
    assert!(warnings.iter().any(|w| w.contains("#/components/schemas/C: model \"C\" skipped")), "{warnings:#?}");
    let models = oapi_tests::models_source(&generated.files);
    assert!(models.contains("pub enum A"), "A is kept with its one sound member");
}

#[test]
fn a_long_chain_of_ref_aliases_is_linear() {
    let mut text = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          \
         content: {{application/json: {{schema: {{$ref: '#/components/schemas/A0'}}}}}}\ncomponents:\n  schemas:\n"
    );
    let n = 3000;
    for i in 0..n {
        text.push_str(&format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", i + 1));
    }
    text.push_str(&format!("    A{n}: {{type: object, properties: {{x: {{type: string}}}}}}\n"));
    assert!(bounded("chain", &text).expect("generates") > 0);
}

#[test]
fn a_ref_cycle_through_a_long_chain_is_reported_briefly() {
    let mut text = format!("{HEADER}paths: {{}}\ncomponents:\n  schemas:\n");
    let n = 3000;
    for i in 0..n {
        text.push_str(&format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", (i + 1) % n));
    }
    let errors = bounded("cycle", &text).expect_err("a cycle");
    assert!(errors[0].contains("$ref cycle: #/components/schemas/A"), "{}", errors[0]);
    assert!(errors.iter().all(|e| e.len() < 1_000), "messages stay short");
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let text = format!("{HEADER}paths: {{}}\nx: {}\n", "[".repeat(100_000));
    let errors = bounded("nest", &text).expect_err("too deep");
    assert_eq!(
        errors,
        ["error: specs/nest.yaml#/: not valid YAML or JSON at line 4: brackets nest more than 1000 levels deep"]
    );
}

#[test]
fn a_huge_string_where_a_schema_belongs_fails_fast() {
    let text = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: q, in: query, schema: {}}}\n      \
         responses: {{'200': {{description: ok}}}}\n",
        "😀".repeat(1_000_000)
    );
    let errors = bounded("emoji", &text).expect_err("not a schema");
    assert_eq!(
        errors,
        ["error: specs/emoji.yaml#/paths/~1a/get/parameters/0/schema: expected `schema` to be a schema (a mapping), \
             found a string"]
    );
}

#[test]
fn a_huge_pattern_is_dropped_with_a_warning() {
    let text = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          \
         content: {{application/json: {{schema: {{type: object, required: [p], properties: {{p: {{type: string, \
         pattern: '{}'}}}}}}}}}}\n",
        "a".repeat(100_000)
    );
    let generated = run_pipeline("specs/pattern.yaml", &text).expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "warning: specs/pattern.yaml#/paths/~1a/get/responses/200/content/application~1json/schema/properties/p/\
             pattern: `pattern` not enforced: it is 100000 characters long"
        )),
        "{warnings:#?}"
    );
    // A pattern just within the limit is kept, and stays quick.
    let text = text.replace(&"a".repeat(100_000), &"a".repeat(10_000));
    assert!(bounded("pattern", &text).expect("generates") > 0);
}

/// Run `cargo xtask gen` on a specs directory holding `names` (each a copy
/// of one small spec), writing to an empty output directory: exit status,
/// stderr, and how many files were written.
fn gen_specs_named(names: &[&str], extra: &[&str]) -> (u8, String, usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (specs, out) = (dir.path().join("specs"), dir.path().join("generated"));
    std::fs::create_dir_all(&specs).expect("mkdir");
    let text = format!("{HEADER}paths: {{}}\n");
    for name in names {
        std::fs::write(specs.join(format!("{name}.yaml")), &text).expect("write spec");
    }
    let mut args: Vec<String> = ["gen", "--specs", specs.to_str().unwrap(), "--out", out.to_str().unwrap()]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = xtask::run(args, &mut stdout, &mut stderr);
    let written = walk_count(&out);
    let stderr = String::from_utf8(stderr).expect("utf-8").replace(&format!("{}/", specs.display()), "");
    (code, stderr, written)
}

fn walk_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries.map(|e| e.expect("entry").path()).map(|p| if p.is_dir() { walk_count(&p) } else { 1 }).sum()
    })
}

#[test]
fn specs_that_would_share_crate_names_are_refused_naming_both() {
    let (code, stderr, written) = gen_specs_named(&["a-b", "a_b", "Foo Bar", "foo-bar", "other"], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(written, 0, "nothing is written");
    assert!(
        stderr.contains(
            "error: a-b.yaml and a_b.yaml would both generate the crates a-b-models, a-b-client and a-b-server: rename one of them"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(
        "error: Foo Bar.yaml and foo-bar.yaml would both generate the crates foo-bar-models, foo-bar-client"
    ));
}

#[test]
fn names_crates_cannot_hold_ask_for_a_name() {
    let (code, stderr, written) = gen_specs_named(&["x日本", "x中文"], &[]);
    assert_eq!((code, written), (1, 0), "{stderr}");
    assert!(
        stderr.contains(
            "error: x日本.yaml#/: cannot name the API's crates: \"x日本\" has a character crate names cannot hold \
             ('日'); rename the file or give a name with `--name`"
        ),
        "{stderr}"
    );
    let (code, stderr, written) = gen_specs_named(&["x日本"], &["--spec", "x日本", "--name", "nihon"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(written > 0);
}

#[test]
fn a_long_chain_to_a_dangling_ref_is_walked_once() {
    let mut text = format!("{HEADER}paths: {{}}\ncomponents:\n  schemas:\n");
    let n = 3000;
    for i in 0..n {
        text.push_str(&format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", i + 1));
    }
    let errors = bounded("dangling", &text).expect_err("dangling");
    assert!(errors.iter().any(|e| e.contains("points to nothing: there is no schema named \"A3000\"")), "{errors:?}");
}
