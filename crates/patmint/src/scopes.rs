//! GitHub's classic OAuth scopes: the catalogue, the parent → children tree, normalisation
//! (GitHub's own rule: a scope implied by a selected ancestor is dropped) and `allows`.

use crate::error::ScopeError;

/// One scope of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    /// The scope id, e.g. `repo:status`.
    pub id: &'static str,
    /// GitHub's one-line description.
    pub description: &'static str,
    /// The scope that implies this one, if any.
    pub parent: Option<&'static str>,
}

const fn s(id: &'static str, description: &'static str, parent: Option<&'static str>) -> Scope {
    Scope {
        id,
        description,
        parent,
    }
}

/// The catalogue, in the order of GitHub's "New personal access token (classic)" form; each
/// child follows its parent.
///
/// Sources, read 2026-12-02: GitHub Docs, "Scopes for OAuth apps"
/// (<https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps>,
/// github/docs `content/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps.md`), for the
/// scopes and their implications (`admin:enterprise` "Includes `manage_runners:enterprise`,
/// `manage_billing:enterprise`, and `read:enterprise`"; "requesting `user,gist,user:email` will
/// result in a token with `user` and `gist`"), and the form's own text and nesting (quoted in
/// full in github.com/Arize-ai/phoenix issue 11997, 2026-03-23) for the order, the one-line
/// descriptions and the scopes the Docs table leaves out on github.com (`manage_runners:org`,
/// `scim:enterprise`, `audit_log`, `codespace:secrets`, `copilot`, `manage_billing:copilot`,
/// the network configuration scopes, `read:packages` nested under `write:packages`).
pub static CATALOGUE: &[Scope] = &[
    s("repo", "Full control of private repositories", None),
    s("repo:status", "Access commit status", Some("repo")),
    s("repo_deployment", "Access deployment status", Some("repo")),
    s("public_repo", "Access public repositories", Some("repo")),
    s("repo:invite", "Access repository invitations", Some("repo")),
    s(
        "security_events",
        "Read and write security events",
        Some("repo"),
    ),
    s("workflow", "Update GitHub Action workflows", None),
    s(
        "write:packages",
        "Upload packages to GitHub Package Registry",
        None,
    ),
    s(
        "read:packages",
        "Download packages from GitHub Package Registry",
        Some("write:packages"),
    ),
    s(
        "delete:packages",
        "Delete packages from GitHub Package Registry",
        None,
    ),
    s(
        "admin:org",
        "Full control of orgs and teams, read and write org projects",
        None,
    ),
    s(
        "write:org",
        "Read and write org and team membership, read and write org projects",
        Some("admin:org"),
    ),
    s(
        "read:org",
        "Read org and team membership, read org projects",
        Some("write:org"),
    ),
    s(
        "manage_runners:org",
        "Manage org runners and runner groups",
        Some("admin:org"),
    ),
    s("admin:public_key", "Full control of user public keys", None),
    s(
        "write:public_key",
        "Write user public keys",
        Some("admin:public_key"),
    ),
    s(
        "read:public_key",
        "Read user public keys",
        Some("admin:public_key"),
    ),
    s("admin:repo_hook", "Full control of repository hooks", None),
    s(
        "write:repo_hook",
        "Write repository hooks",
        Some("admin:repo_hook"),
    ),
    s(
        "read:repo_hook",
        "Read repository hooks",
        Some("write:repo_hook"),
    ),
    s("admin:org_hook", "Full control of organization hooks", None),
    s("gist", "Create gists", None),
    s("notifications", "Access notifications", None),
    s("user", "Update ALL user data", None),
    s("read:user", "Read ALL user profile data", Some("user")),
    s(
        "user:email",
        "Access user email addresses (read-only)",
        Some("user"),
    ),
    s("user:follow", "Follow and unfollow users", Some("user")),
    s("delete_repo", "Delete repositories", None),
    s("write:discussion", "Read and write team discussions", None),
    s(
        "read:discussion",
        "Read team discussions",
        Some("write:discussion"),
    ),
    s("admin:enterprise", "Full control of enterprises", None),
    s(
        "manage_runners:enterprise",
        "Manage enterprise runners and runner groups",
        Some("admin:enterprise"),
    ),
    s(
        "manage_billing:enterprise",
        "Read and write enterprise billing data",
        Some("admin:enterprise"),
    ),
    s(
        "read:enterprise",
        "Read enterprise profile data",
        Some("admin:enterprise"),
    ),
    s(
        "scim:enterprise",
        "Provisioning of users and groups via SCIM",
        Some("admin:enterprise"),
    ),
    s("audit_log", "Full control of audit log", None),
    s(
        "read:audit_log",
        "Read access of audit log",
        Some("audit_log"),
    ),
    s("codespace", "Full control of codespaces", None),
    s(
        "codespace:secrets",
        "Ability to create, read, update, and delete codespace secrets",
        Some("codespace"),
    ),
    s(
        "copilot",
        "Full control of GitHub Copilot settings and seat assignments",
        None,
    ),
    s(
        "manage_billing:copilot",
        "View and edit Copilot Business seat assignments",
        Some("copilot"),
    ),
    s(
        "write:network_configurations",
        "Write org hosted compute network configurations",
        None,
    ),
    s(
        "read:network_configurations",
        "Read org hosted compute network configurations",
        Some("write:network_configurations"),
    ),
    s("project", "Full control of projects", None),
    s("read:project", "Read access of projects", Some("project")),
    s(
        "admin:gpg_key",
        "Full control of public user GPG keys",
        None,
    ),
    s(
        "write:gpg_key",
        "Write public user GPG keys",
        Some("admin:gpg_key"),
    ),
    s(
        "read:gpg_key",
        "Read public user GPG keys",
        Some("admin:gpg_key"),
    ),
    s(
        "admin:ssh_signing_key",
        "Full control of public user SSH signing keys",
        None,
    ),
    s(
        "write:ssh_signing_key",
        "Write public user SSH signing keys",
        Some("admin:ssh_signing_key"),
    ),
    s(
        "read:ssh_signing_key",
        "Read public user SSH signing keys",
        Some("admin:ssh_signing_key"),
    ),
];

/// The catalogue entry for `id`.
pub fn find(id: &str) -> Option<&'static Scope> {
    CATALOGUE.iter().find(|s| s.id == id)
}

/// The direct children of `id`, in catalogue order.
pub fn children(id: &str) -> impl Iterator<Item = &'static Scope> + '_ {
    CATALOGUE.iter().filter(move |s| s.parent == Some(id))
}

/// The ancestors of `id`, nearest first (empty for a root or an unknown scope).
pub fn ancestors(id: &str) -> impl Iterator<Item = &'static str> {
    let mut next = find(id).and_then(|s| s.parent);
    core::iter::from_fn(move || {
        let current = next?;
        next = find(current).and_then(|s| s.parent);
        Some(current)
    })
}

fn lookup(raw: &str) -> Result<&'static Scope, ScopeError> {
    find(raw).ok_or_else(|| {
        // Echo the name only when it looks like a scope, never something that might be a
        // secret pasted into the wrong field.
        let looks_like_scope = raw.len() <= 32
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b':');
        ScopeError::UnknownScope(looks_like_scope.then(|| raw.to_owned()))
    })
}

/// Insertion sort: lists hold at most a few dozen scopes, and the standard library's sort
/// costs about 3 KiB of wasm.
fn sort_ids(ids: &mut [&'static str]) {
    for i in 1..ids.len() {
        let mut j = i;
        while j > 0 && ids[j - 1] > ids[j] {
            ids.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Validates and deduplicates, ignoring surrounding whitespace and empty entries.
fn parse<S: AsRef<str>>(scopes: &[S]) -> Result<Vec<&'static str>, ScopeError> {
    // At most one entry per catalogue scope, whatever the input's length: linear in the input.
    let mut out = Vec::with_capacity(CATALOGUE.len());
    for raw in scopes {
        let raw = raw.as_ref().trim();
        if raw.is_empty() {
            continue;
        }
        let id = lookup(raw)?.id;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    sort_ids(&mut out);
    Ok(out)
}

/// GitHub's normal form: known scopes only, each scope implied by another selected scope
/// dropped, sorted and deduplicated.
///
/// ```
/// assert_eq!(patmint::normalize_scopes(&["user", "gist", "user:email"]).unwrap(), ["gist", "user"]);
/// assert!(patmint::normalize_scopes(&["root"]).is_err());
/// ```
pub fn normalize<S: AsRef<str>>(scopes: &[S]) -> Result<Vec<&'static str>, ScopeError> {
    let set = parse(scopes)?;
    Ok(set
        .iter()
        .copied()
        .filter(|id| !ancestors(id).any(|a| set.contains(&a)))
        .collect())
}

/// Every scope granted by `scopes`, implied ones included, sorted.
///
/// ```
/// assert_eq!(
///     patmint::scopes::expand(&["admin:org"]).unwrap(),
///     ["admin:org", "manage_runners:org", "read:org", "write:org"]
/// );
/// ```
pub fn expand<S: AsRef<str>>(scopes: &[S]) -> Result<Vec<&'static str>, ScopeError> {
    let set = parse(scopes)?;
    let mut out: Vec<&'static str> = CATALOGUE
        .iter()
        .map(|s| s.id)
        .filter(|id| set.contains(id) || ancestors(id).any(|a| set.contains(&a)))
        .collect();
    sort_ids(&mut out);
    Ok(out)
}

/// Whether a token with `granted` scopes may use an API that requires `required`. Unknown
/// names grant nothing beyond themselves.
///
/// ```
/// assert!(patmint::scopes::allows(&["repo"], "public_repo"));
/// assert!(!patmint::scopes::allows(&["public_repo"], "repo"));
/// ```
pub fn allows<S: AsRef<str>>(granted: &[S], required: &str) -> bool {
    granted.iter().any(|g| {
        let g = g.as_ref().trim();
        g == required || ancestors(required).any(|a| a == g)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_a_forest_in_display_order() {
        for (i, scope) in CATALOGUE.iter().enumerate() {
            assert_eq!(find(scope.id), Some(scope), "duplicate {}", scope.id);
            if let Some(p) = scope.parent {
                let parent_at = CATALOGUE.iter().position(|s| s.id == p).unwrap();
                assert!(parent_at < i, "{} before its parent", scope.id);
            }
            assert!(ancestors(scope.id).count() < 3);
        }
    }

    #[test]
    fn tree_matches_github() {
        let kids = |id| children(id).map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(
            kids("repo"),
            [
                "repo:status",
                "repo_deployment",
                "public_repo",
                "repo:invite",
                "security_events"
            ]
        );
        assert_eq!(kids("admin:repo_hook"), ["write:repo_hook"]);
        assert_eq!(kids("write:repo_hook"), ["read:repo_hook"]);
        assert_eq!(kids("admin:org"), ["write:org", "manage_runners:org"]);
        assert_eq!(kids("write:org"), ["read:org"]);
        assert_eq!(
            kids("admin:public_key"),
            ["write:public_key", "read:public_key"]
        );
        assert_eq!(kids("admin:gpg_key"), ["write:gpg_key", "read:gpg_key"]);
        assert_eq!(kids("user"), ["read:user", "user:email", "user:follow"]);
        assert_eq!(kids("project"), ["read:project"]);
        assert_eq!(kids("write:packages"), ["read:packages"]);
        assert_eq!(
            kids("admin:enterprise"),
            [
                "manage_runners:enterprise",
                "manage_billing:enterprise",
                "read:enterprise",
                "scim:enterprise"
            ]
        );
        assert_eq!(kids("audit_log"), ["read:audit_log"]);
        assert_eq!(kids("codespace"), ["codespace:secrets"]);
        assert_eq!(kids("copilot"), ["manage_billing:copilot"]);
        assert_eq!(
            kids("write:network_configurations"),
            ["read:network_configurations"]
        );
        for alone in [
            "admin:org_hook",
            "gist",
            "notifications",
            "delete_repo",
            "delete:packages",
            "workflow",
        ] {
            assert_eq!(find(alone).unwrap().parent, None);
            assert_eq!(children(alone).count(), 0, "{alone}");
        }
    }

    #[test]
    fn normalisation_follows_github() {
        assert_eq!(
            normalize(&["user", "gist", "user:email"]).unwrap(),
            ["gist", "user"]
        );
        assert_eq!(
            normalize(&["read:org", "admin:org"]).unwrap(),
            ["admin:org"]
        );
        assert_eq!(
            normalize(&["read:org", "write:org"]).unwrap(),
            ["write:org"]
        );
        assert_eq!(
            normalize(&[" repo ", "", "repo", "public_repo", "workflow"]).unwrap(),
            ["repo", "workflow"]
        );
        assert!(normalize::<&str>(&[]).unwrap().is_empty());
        assert_eq!(
            normalize(&[
                "read:packages",
                "write:packages",
                "read:enterprise",
                "admin:enterprise"
            ])
            .unwrap(),
            ["admin:enterprise", "write:packages"]
        );
        assert_eq!(
            normalize(&["manage_runners:org", "read:org"]).unwrap(),
            ["manage_runners:org", "read:org"]
        );
        let many: Vec<&str> = (0..200_000)
            .map(|i| if i % 2 == 0 { "repo" } else { "gist" })
            .collect();
        assert_eq!(normalize(&many).unwrap(), ["gist", "repo"]);
    }

    #[test]
    fn unknown_scope_echo_is_guarded() {
        assert_eq!(
            normalize(&["repo", "admin:everything"]),
            Err(ScopeError::UnknownScope(Some("admin:everything".into())))
        );
        assert_eq!(
            normalize(&["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"]),
            Err(ScopeError::UnknownScope(None))
        );
    }

    #[test]
    fn allows_walks_ancestors() {
        assert!(allows(&["admin:org"], "read:org"));
        assert!(allows(&["admin:org"], "manage_runners:org"));
        assert!(!allows(&["write:org"], "manage_runners:org"));
        assert!(allows(&["write:packages"], "read:packages"));
        assert!(allows(&["copilot"], "manage_billing:copilot"));
        assert!(allows(&["write:org"], "read:org"));
        assert!(!allows(&["read:org"], "write:org"));
        assert!(!allows(&["gist"], "repo"));
        assert!(allows(&["custom"], "custom"));
        assert!(!allows::<&str>(&[], "gist"));
    }
}
