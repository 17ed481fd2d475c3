//! The wasm API in real browsers: `wasm-pack test --headless --chrome` and `--firefox`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use patmint_wasm as wasm;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn strings(items: &[&str]) -> JsValue {
    items
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect::<Array>()
        .into()
}

fn code_of(err: JsValue) -> String {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "not an Error: {err:?}"
    );
    get(&err, "code")
        .as_string()
        .expect("error has a string code")
}

fn mint_options() -> JsValue {
    obj(&[
        ("format", "ghp".into()),
        ("name", " deploy bot ".into()),
        ("scopes", strings(&["user", "gist", "user:email"])),
        ("expiresInDays", 30.into()),
    ])
}

#[wasm_bindgen_test]
fn mint_gives_a_valid_token_and_a_safe_record() {
    let minted = wasm::mint(mint_options()).unwrap();
    let secret = minted.reveal().as_string().unwrap();
    assert_eq!(secret.len(), 40);
    assert!(secret.starts_with("ghp_"));
    assert_eq!(minted.format(), "ghp");
    assert_eq!(minted.fingerprint(), patmint::fingerprint(&secret));
    assert_eq!(minted.masked(), patmint::mask(&secret));
    assert!(!minted.masked().contains(&secret[4..36]));

    let verdict = wasm::check(secret.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&verdict, "valid"), JsValue::TRUE);
    assert_eq!(get(&verdict, "format").as_string().unwrap(), "ghp");

    let record = JsValue::from(minted.record());
    assert_eq!(get(&record, "name").as_string().unwrap(), "deploy bot");
    let scopes: Vec<String> = Array::from(&get(&record, "scopes"))
        .iter()
        .map(|s| s.as_string().unwrap())
        .collect();
    assert_eq!(scopes, ["gist", "user"]);
    assert_eq!(get(&record, "last4").as_string().unwrap(), &secret[36..]);
    assert!(get(&record, "expiresAt")
        .as_string()
        .unwrap()
        .ends_with('Z'));
    let json = js_sys::JSON::stringify(&record)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!json.contains(&secret[4..]), "record leaks the secret");
    assert!(!json.contains("secret"));
}

#[wasm_bindgen_test]
fn no_expiration_is_null_and_custom_prefix_works() {
    let minted = wasm::mint(obj(&[
        ("format", "custom".into()),
        ("prefix", "acme".into()),
        ("name", "n".into()),
        ("expiresAt", JsValue::NULL),
    ]))
    .unwrap();
    assert_eq!(minted.format(), "custom:acme");
    assert!(get(&JsValue::from(minted.record()), "expiresAt").is_null());
    let secret = minted.reveal().as_string().unwrap();
    let verdict = wasm::check(secret.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&verdict, "code").as_string().unwrap(), "unknown_prefix");
    let verdict = wasm::check(secret.into(), strings(&["acme"])).unwrap();
    assert_eq!(get(&verdict, "format").as_string().unwrap(), "custom:acme");
}

#[wasm_bindgen_test]
fn bulk_generate_in_the_browser() {
    for format in [
        "ghp",
        "gho",
        "ghu",
        "ghs",
        "ghr",
        "github_pat",
        "custom:acme:64",
    ] {
        let tokens = wasm::generate(format.into(), 500.into()).unwrap();
        assert_eq!(tokens.length(), 500);
        let prefixes = if format.starts_with("custom") {
            strings(&["acme"])
        } else {
            JsValue::UNDEFINED
        };
        let mut seen = std::collections::HashSet::new();
        for t in tokens.iter() {
            let t = t.as_string().unwrap();
            let verdict = wasm::check(t.clone().into(), prefixes.clone()).unwrap();
            assert_eq!(get(&verdict, "valid"), JsValue::TRUE, "{format}");
            assert!(seen.insert(t), "duplicate token");
        }
    }
    assert_eq!(
        code_of(wasm::generate("ghp".into(), 0.into()).unwrap_err()),
        "invalid_count"
    );
    assert_eq!(
        code_of(wasm::generate("ghp".into(), 100_001.into()).unwrap_err()),
        "invalid_count"
    );
    assert_eq!(
        code_of(wasm::generate("xyz".into(), 1.into()).unwrap_err()),
        "unknown_format"
    );
}

#[wasm_bindgen_test]
fn check_fingerprint_and_mask_known_answers() {
    // Public test fixture from DataDog's sensitive data scanner, not a live token.
    let fixture = "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";
    assert_eq!(
        get(
            &wasm::check(fixture.into(), JsValue::UNDEFINED).unwrap(),
            "valid"
        ),
        JsValue::TRUE
    );
    let bad = wasm::check(
        "ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3".into(),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(get(&bad, "valid"), JsValue::FALSE);
    assert_eq!(get(&bad, "code").as_string().unwrap(), "checksum_mismatch");
    assert!(!get(&bad, "message").as_string().unwrap().contains("M7H4"));
    assert_eq!(
        wasm::fingerprint("abc".into()).unwrap(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        wasm::mask(fixture.into()).unwrap(),
        format!("ghp_{}T4V4", "•".repeat(32))
    );
    for (input, code) in [
        ("", "empty"),
        ("ghp_", "wrong_length"),
        ("nope", "unknown_prefix"),
        (
            "ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V€",
            "invalid_character",
        ),
    ] {
        let v = wasm::check(input.into(), JsValue::UNDEFINED).unwrap();
        assert_eq!(get(&v, "code").as_string().unwrap(), code, "{input}");
    }
    let long = "ghp_".to_owned() + &"a".repeat(1 << 20);
    let v = wasm::check(long.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&v, "code").as_string().unwrap(), "too_long");
}

#[wasm_bindgen_test]
fn non_string_and_oversized_inputs_get_codes_not_traps() {
    for bad in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        42.into(),
        Object::new().into(),
    ] {
        assert_eq!(
            code_of(wasm::check(bad.clone(), JsValue::UNDEFINED).unwrap_err()),
            "invalid_argument"
        );
        assert_eq!(
            code_of(wasm::fingerprint(bad.clone()).unwrap_err()),
            "invalid_argument"
        );
        assert_eq!(code_of(wasm::mask(bad).unwrap_err()), "invalid_argument");
    }
    let huge = JsValue::from_str(&"a".repeat(70_000));
    assert_eq!(
        code_of(wasm::fingerprint(huge.clone()).unwrap_err()),
        "too_long"
    );
    assert_eq!(code_of(wasm::mask(huge.clone()).unwrap_err()), "too_long");
    let v = wasm::check(huge, JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&v, "code").as_string().unwrap(), "too_long");
    for count in [
        0.0,
        -1.0,
        1.5,
        100_001.0,
        4_294_967_301.0,
        f64::NAN,
        f64::INFINITY,
    ] {
        assert_eq!(
            code_of(wasm::generate("ghp".into(), count.into()).unwrap_err()),
            "invalid_count",
            "{count}"
        );
    }
    // A full-size scope list is deduplicated; one item more is refused before it is copied.
    let list = |n: u32| -> Array {
        (0..n)
            .map(|i| JsValue::from_str(if i % 2 == 0 { "repo" } else { "gist" }))
            .collect()
    };
    let normal = wasm::normalize_scopes(list(256).into()).unwrap();
    assert_eq!(normal.length(), 2);
    assert_eq!(
        code_of(wasm::normalize_scopes(list(100_000).into()).unwrap_err()),
        "too_long"
    );
}

#[wasm_bindgen_test]
fn catalogues_and_normalisation() {
    let formats = wasm::formats();
    let ids: Vec<String> = formats
        .iter()
        .map(|f| get(&f, "id").as_string().unwrap())
        .collect();
    assert_eq!(ids, ["ghp", "gho", "ghu", "ghs", "ghr", "github_pat"]);
    assert_eq!(get(&formats.get(5), "checksum"), JsValue::FALSE);
    assert_eq!(get(&formats.get(0), "length").as_f64(), Some(40.0));
    let scopes = wasm::scopes();
    let first = scopes.get(0);
    assert_eq!(get(&first, "id").as_string().unwrap(), "repo");
    assert!(get(&first, "parent").is_null());
    assert_eq!(get(&scopes.get(1), "parent").as_string().unwrap(), "repo");
    let normal = wasm::normalize_scopes(strings(&["user", "gist", "user:email"]));
    let normal: Vec<String> = normal
        .unwrap()
        .iter()
        .map(|s| s.as_string().unwrap())
        .collect();
    assert_eq!(normal, ["gist", "user"]);
    assert_eq!(
        code_of(wasm::normalize_scopes(strings(&["root"])).unwrap_err()),
        "unknown_scope"
    );
}

#[wasm_bindgen_test]
fn bad_options_throw_errors_with_codes() {
    let cases: Vec<(JsValue, &str)> = vec![
        (JsValue::UNDEFINED, "invalid_options"),
        (JsValue::from_str("ghp"), "invalid_options"),
        (obj(&[("format", "ghp".into())]), "invalid_options"),
        (obj(&[("name", 5.into())]), "invalid_options"),
        (
            obj(&[("name", "x".into()), ("expiresIn", 30.into())]),
            "invalid_options",
        ),
        (
            obj(&[("name", "x".into()), ("scopes", "repo".into())]),
            "invalid_options",
        ),
        (
            obj(&[("name", "x".into()), ("expiresInDays", (-1).into())]),
            "invalid_options",
        ),
        (obj(&[("name", "  ".into())]), "empty_name"),
        (obj(&[("name", "x".repeat(101).into())]), "name_too_long"),
        (
            obj(&[("name", "x".into()), ("format", "ghx".into())]),
            "unknown_format",
        ),
        (
            obj(&[("name", "x".into()), ("format", "custom".into())]),
            "invalid_prefix",
        ),
        (
            obj(&[("name", "x".into()), ("prefix", "Bad".into())]),
            "invalid_prefix",
        ),
        (
            obj(&[("name", "x".into()), ("prefix", "npm".into())]),
            "vendor_prefix",
        ),
        (
            obj(&[("name", "x".into()), ("format", "custom:acme:8".into())]),
            "invalid_length",
        ),
        (
            obj(&[("name", "x".into()), ("scopes", strings(&["admin"]))]),
            "unknown_scope",
        ),
        (
            obj(&[("name", "x".into()), ("expiresInDays", 14.into())]),
            "invalid_expiration",
        ),
        (
            obj(&[("name", "x".into()), ("expiresAt", "soon".into())]),
            "invalid_date",
        ),
        (
            obj(&[("name", "x".into()), ("expiresAt", "2001-01-01".into())]),
            "expiration_in_past",
        ),
        (
            obj(&[("name", "x".into()), ("expiresAt", "2999-01-01".into())]),
            "expiration_too_far",
        ),
        (
            obj(&[
                ("name", "x".into()),
                ("expiresAt", "2999-01-01".into()),
                ("expiresInDays", 7.into()),
            ]),
            "conflicting_expiration",
        ),
    ];
    for (options, code) in cases {
        let options_copy = options.clone();
        let err = wasm::mint(options).err().unwrap_or_else(|| {
            panic!(
                "mint must fail with {code}: {:?}",
                js_sys::JSON::stringify(&options_copy)
            )
        });
        assert_eq!(code_of(err.clone()), code);
        assert_eq!(get(&err, "name").as_string().unwrap(), "PatmintError");
    }
    assert_eq!(
        code_of(wasm::check("x".into(), strings(&["Not A Prefix"])).unwrap_err()),
        "invalid_prefix"
    );
    for bad in [
        JsValue::from_str("acme"),
        Array::of1(&1.into()).into(),
        Object::new().into(),
    ] {
        assert_eq!(
            code_of(wasm::check("x".into(), bad.clone()).unwrap_err()),
            "invalid_argument"
        );
        assert_eq!(
            code_of(wasm::normalize_scopes(bad).unwrap_err()),
            "invalid_argument"
        );
    }
}

#[wasm_bindgen_test]
async fn clipboard_round_trip() {
    let minted = wasm::mint(mint_options()).unwrap();
    JsFuture::from(minted.copy_to_clipboard())
        .await
        .expect("clipboard write");
    let window = web_sys::window().unwrap();
    let read = window.navigator().clipboard().read_text();
    let text = JsFuture::from(read)
        .await
        .expect("clipboard read")
        .as_string()
        .unwrap();
    assert_eq!(text, minted.reveal().as_string().unwrap());
    assert_eq!(patmint::fingerprint(&text), minted.fingerprint());
}

/// The scanner package's exports (`--features scan`).
#[cfg(feature = "scan")]
mod scanner {
    use super::*;
    use js_sys::JsString;

    // A public test fixture (DataDog's sensitive data scanner), not a live token.
    const GHP: &str = "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";

    #[wasm_bindgen_test]
    fn offsets_are_utf16_indices() {
        // 😀 is two UTF-16 units and 4 UTF-8 bytes; é one unit and 2 bytes.
        let text = format!("é😀 token={GHP} and AKIAIOSFODNN7EXAMPLE😀");
        let js = JsString::from(text.as_str());
        let found = Array::from(&wasm::scan(js.clone().into(), JsValue::UNDEFINED).unwrap());
        assert_eq!(found.length(), 2);
        let first = found.get(0);
        let (start, end) = (get(&first, "start"), get(&first, "end"));
        let slice = js.slice(start.as_f64().unwrap() as u32, end.as_f64().unwrap() as u32);
        assert_eq!(String::from(slice), GHP);
        assert_eq!(get(&first, "format"), "ghp");
        assert_eq!(get(&first, "verified"), true);
        assert!(get(&first, "reason").is_undefined());
        let second = found.get(1);
        assert_eq!(get(&second, "format"), "aws_access_key_id");
        assert_eq!(get(&second, "reason"), "shape_only");
        assert_eq!(get(&second, "masked"), "AKIA••••••••••••MPLE");
        let slice = js.slice(
            get(&second, "start").as_f64().unwrap() as u32,
            get(&second, "end").as_f64().unwrap() as u32,
        );
        assert_eq!(String::from(slice), "AKIAIOSFODNN7EXAMPLE");
    }

    #[wasm_bindgen_test]
    fn redact_masks_and_is_idempotent() {
        let text = format!("a\r\n{GHP}\n日本 {}", &GHP[..39]);
        let once = wasm::redact(JsValue::from_str(&text), JsValue::UNDEFINED).unwrap();
        // One scan gives both: the text and the findings it masked.
        assert_eq!(Array::from(&get(&once, "findings")).length(), 1);
        let once = get(&once, "text").as_string().unwrap();
        assert!(!once.contains(GHP));
        assert!(once.starts_with("a\r\nghp_••"));
        assert!(once.ends_with(&format!("日本 {}", &GHP[..39])));
        let twice = wasm::redact(JsValue::from_str(&once), JsValue::UNDEFINED).unwrap();
        assert_eq!(get(&twice, "text"), once.as_str());
    }

    #[wasm_bindgen_test]
    fn prefixes_and_bad_arguments() {
        let random = "0123456789abcdefghijklmnopqrst";
        let sum = patmint::checksum::compute(random.as_bytes());
        let token = format!("acme_{random}{}", core::str::from_utf8(&sum).unwrap());
        let found =
            Array::from(&wasm::scan(JsValue::from_str(&token), strings(&["acme"])).unwrap());
        assert_eq!(get(&found.get(0), "format"), "custom:acme");
        assert_eq!(get(&found.get(0), "verified"), true);
        let none = Array::from(&wasm::scan(JsValue::from_str(&token), JsValue::NULL).unwrap());
        assert_eq!(none.length(), 0);
        for bad in [JsValue::from(42), JsValue::NULL, Object::new().into()] {
            let err = wasm::scan(bad.clone(), JsValue::UNDEFINED).unwrap_err();
            assert_eq!(code_of(err), "invalid_argument");
            let err = wasm::redact(bad, JsValue::UNDEFINED).unwrap_err();
            assert_eq!(code_of(err), "invalid_argument");
        }
        let err = wasm::scan(JsValue::from_str("x"), JsValue::from_str("acme")).unwrap_err();
        assert_eq!(code_of(err), "invalid_argument");
        let err = wasm::scan(JsValue::from_str("x"), strings(&["Not A Prefix"])).unwrap_err();
        assert_eq!(code_of(err), "invalid_prefix");
    }
}

fn fine_grained_options(extra: &[(&str, JsValue)]) -> JsValue {
    let access = obj(&[
        ("kind", "selected".into()),
        ("repositories", strings(&["octo-org/api"])),
    ]);
    let mut pairs = vec![
        ("format", JsValue::from("github_pat")),
        ("name", "deploy".into()),
        ("description", "CI deploys".into()),
        ("resourceOwner", "octo-org".into()),
        ("repositoryAccess", access),
        ("permissions", obj(&[("contents", "write".into())])),
        ("expiresInDays", 30.into()),
    ];
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        if !v.is_undefined() {
            pairs.push((k, v.clone()));
        }
    }
    obj(&pairs)
}

#[wasm_bindgen_test]
fn mint_fine_grained_tokens_with_githubs_model() {
    let minted = wasm::mint(fine_grained_options(&[])).unwrap();
    let secret = minted.reveal().as_string().unwrap();
    assert!(secret.starts_with("github_pat_") && secret.len() == 93);
    let record = JsValue::from(minted.record());
    assert_eq!(get(&record, "format").as_string().unwrap(), "github_pat");
    assert!(get(&record, "scopes").is_undefined());
    assert_eq!(
        get(&record, "resourceOwner").as_string().unwrap(),
        "octo-org"
    );
    let access = get(&record, "repositoryAccess");
    assert_eq!(get(&access, "kind").as_string().unwrap(), "selected");
    let permissions = get(&record, "permissions");
    assert_eq!(get(&permissions, "contents").as_string().unwrap(), "write");
    assert_eq!(get(&permissions, "metadata").as_string().unwrap(), "read");
    assert!(get(&record, "expiresAt").is_string());

    let catalogue = wasm::permissions();
    assert!(catalogue.length() > 50);
    let metadata = catalogue
        .iter()
        .find(|p| get(p, "id").as_string().as_deref() == Some("metadata"))
        .unwrap();
    assert_eq!(get(&metadata, "group").as_string().unwrap(), "repository");
    assert_eq!(Array::from(&get(&metadata, "levels")).length(), 1);
}

#[wasm_bindgen_test]
fn fine_grained_bad_input_gets_a_code_per_field() {
    let selected = |repos: &[&str]| {
        obj(&[
            ("kind", "selected".into()),
            ("repositories", strings(repos)),
        ])
    };
    let cases: Vec<(JsValue, &str)> = vec![
        (
            fine_grained_options(&[("scopes", strings(&["repo"]))]),
            "scopes_not_allowed",
        ),
        (
            fine_grained_options(&[("permissions", obj(&[("nope", "read".into())]))]),
            "unknown_permission",
        ),
        (
            fine_grained_options(&[("permissions", obj(&[("metadata", "write".into())]))]),
            "level_not_offered",
        ),
        (
            fine_grained_options(&[("permissions", obj(&[("contents", "admin".into())]))]),
            "invalid_level",
        ),
        (
            fine_grained_options(&[("repositoryAccess", selected(&[]))]),
            "no_repositories",
        ),
        (
            fine_grained_options(&[("repositoryAccess", selected(&["octo-org/a b"]))]),
            "invalid_repository",
        ),
        (
            fine_grained_options(&[("resourceOwner", "-octo".into())]),
            "invalid_resource_owner",
        ),
        (
            fine_grained_options(&[("resourceOwner", JsValue::UNDEFINED)]),
            "resource_owner_required",
        ),
        (
            fine_grained_options(&[("expiresInDays", JsValue::UNDEFINED)]),
            "expiration_required",
        ),
        (
            fine_grained_options(&[
                ("expiresInDays", JsValue::UNDEFINED),
                ("expiresAt", "2999-01-01".into()),
            ]),
            "expiration_too_far",
        ),
        (
            fine_grained_options(&[("repositoryAccess", obj(&[("kind", "some".into())]))]),
            "invalid_repository_access",
        ),
        (
            fine_grained_options(&[("repositoryAccess", "all".into())]),
            "invalid_options",
        ),
        (
            fine_grained_options(&[("permissions", strings(&["contents"]))]),
            "invalid_options",
        ),
        (
            fine_grained_options(&[("format", "ghp".into())]),
            "fine_grained_only",
        ),
        (
            obj(&[
                ("format", "ghs".into()),
                ("name", "x".into()),
                ("expiresInDays", 7.into()),
            ]),
            "fixed_lifetime",
        ),
        (
            obj(&[
                ("format", "ghu".into()),
                ("name", "x".into()),
                ("scopes", strings(&["repo"])),
            ]),
            "fixture_scopes",
        ),
    ];
    for (options, code) in cases {
        let shown = js_sys::JSON::stringify(&options).unwrap();
        let err = wasm::mint(options)
            .err()
            .unwrap_or_else(|| panic!("mint must fail with {code}: {shown:?}"));
        assert_eq!(code_of(err), code, "{shown:?}");
    }
    // App-issued fixtures get GitHub's own lifetime and no scopes.
    let ghs = wasm::mint(obj(&[("format", "ghs".into()), ("name", "x".into())])).unwrap();
    let record = JsValue::from(ghs.record());
    let created = js_sys::Date::parse(&get(&record, "createdAt").as_string().unwrap());
    let expires = js_sys::Date::parse(&get(&record, "expiresAt").as_string().unwrap());
    assert_eq!(expires - created, 3_600_000.0);
    assert_eq!(Array::from(&get(&record, "scopes")).length(), 0);
}

/// The verifier package's export (`--features verify`).
#[cfg(feature = "verify")]
mod verifier {
    use super::*;
    use patmint::record::Expiration;
    use patmint::{Format, SecretToken, TokenRecord};

    fn minted() -> (SecretToken, JsValue) {
        let token = SecretToken::generate(&Format::DEFAULT).unwrap();
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let record = TokenRecord::new("ci", &token, &["repo"], Expiration::Days(30), now).unwrap();
        let json = serde_json::to_string(&[record]).unwrap();
        (token, JsValue::from_str(&json))
    }

    #[wasm_bindgen_test]
    fn verdicts_name_the_record_and_never_the_token() {
        let (token, records) = minted();
        let secret = || JsValue::from_str(token.expose_secret());
        let allowed = wasm::verify(
            secret(),
            records.clone(),
            obj(&[("scopes", strings(&["public_repo"]))]),
        )
        .unwrap();
        assert_eq!(get(&allowed, "allowed"), true);
        assert_eq!(get(&allowed, "name"), "ci");
        assert!(get(&allowed, "reason").is_undefined());
        assert_eq!(Object::keys(&allowed).length(), 2);
        let denied = wasm::verify(
            secret(),
            records.clone(),
            obj(&[("scopes", strings(&["admin:org"]))]),
        )
        .unwrap();
        assert_eq!(get(&denied, "allowed"), false);
        assert_eq!(get(&denied, "reason"), "insufficient_scope");
        let unknown = wasm::verify("ghp_nope".into(), records, JsValue::UNDEFINED).unwrap();
        assert_eq!(get(&unknown, "reason"), "malformed");
        assert!(get(&unknown, "name").is_undefined());
    }

    #[wasm_bindgen_test]
    fn bad_arguments_are_coded_errors() {
        let (token, records) = minted();
        let code = |e: JsValue| get(&e, "code");
        let secret = JsValue::from_str(token.expose_secret());
        let err = wasm::verify(JsValue::from(42), records.clone(), JsValue::UNDEFINED).unwrap_err();
        assert_eq!(code(err), "invalid_argument");
        let err = wasm::verify(secret.clone(), "{".into(), JsValue::UNDEFINED).unwrap_err();
        assert_eq!(code(err), "invalid_json");
        let err = wasm::verify(secret, records, obj(&[("scope", strings(&["repo"]))])).unwrap_err();
        assert_eq!(code(err), "invalid_requirement");
    }
}
