//! GitHub's fine-grained personal access token permissions: the catalogue (API ids, titles,
//! groups and the levels GitHub offers for each), levels, and the normal form of a permission
//! set (GitHub's own rule: choosing any repository permission adds `metadata: read`).
//!
//! Sources, read 2026-12-02:
//! - The list, ids, titles and groups: GitHub Docs, "Permissions required for fine-grained
//!   personal access tokens",
//!   <https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens>
//!   (data file `src/github-apps/data/fpt-2026-03-10/fine-grained-pat-permissions.json` of
//!   github/docs: one entry per permission, keyed by the id GitHub uses in
//!   `X-Accepted-GitHub-Permissions`, e.g. `contents=read`).
//! - The levels: GitHub's REST API description, schema `app-permissions` (rest-api-description
//!   23.0.1, as published in `@octokit/openapi-types` 29.0.1), whose `enum` lists the levels of
//!   each permission it names; for the permissions it does not name, the access levels of the
//!   endpoints the Docs table lists. `admin` (offered by a few organization permissions) has no
//!   place in a token's `read`/`write` model and is left out. `metadata` is read-only, as
//!   "Managing your personal access tokens" describes it (mandatory read access).
//!
//! Levels are ordered: `write` ⊇ `read`.

use core::fmt;

use serde::{Deserialize, Serialize};

/// An access level. `Write` includes `Read`, as on GitHub.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// GitHub's "Read-only".
    Read,
    /// GitHub's "Read and write".
    Write,
}

impl Level {
    /// `read` or `write`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Read => "read",
            Level::Write => "write",
        }
    }

    /// Parses `read` or `write` (exactly; GitHub's API spelling).
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "read" => Some(Level::Read),
            "write" => Some(Level::Write),
            _ => None,
        }
    }

    /// Whether a grant of `self` satisfies a requirement of `required` (`write` ⊇ `read`).
    ///
    /// ```
    /// use patmint::permissions::Level;
    /// assert!(Level::Write.allows(Level::Read));
    /// assert!(!Level::Read.allows(Level::Write));
    /// ```
    pub fn allows(self, required: Level) -> bool {
        self >= required
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a permission applies to: GitHub's three sections of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// "Repository permissions": apply to the repositories the token can access.
    Repository,
    /// "Organization permissions": apply when the resource owner is an organization.
    Organization,
    /// "Account permissions": apply to the resource owner's own user account.
    Account,
}

impl Group {
    /// `repository`, `organization` or `account`.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Repository => "repository",
            Group::Organization => "organization",
            Group::Account => "account",
        }
    }
}

/// Which levels GitHub offers for a permission (besides "No access").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offered {
    /// "Read-only" and "Read and write".
    ReadWrite,
    /// "Read-only" only.
    ReadOnly,
    /// "Read and write" only.
    WriteOnly,
}

impl Offered {
    /// The levels, lowest first.
    pub fn levels(self) -> &'static [Level] {
        match self {
            Offered::ReadWrite => &[Level::Read, Level::Write],
            Offered::ReadOnly => &[Level::Read],
            Offered::WriteOnly => &[Level::Write],
        }
    }

    /// Whether `level` is offered.
    pub fn offers(self, level: Level) -> bool {
        self.levels().contains(&level)
    }

    /// The levels in words, as error messages say them: `read`, `write` or `read or write`.
    pub fn in_words(self) -> &'static str {
        match self {
            Offered::ReadWrite => "read or write",
            Offered::ReadOnly => "read",
            Offered::WriteOnly => "write",
        }
    }
}

/// One permission of the catalogue.
///
/// The wasm build keeps ids, groups and levels only: pages show titles and descriptions in the
/// user's language from `www/lib/strings.js`, whose English table a contract test holds to
/// [`Permission::title`] and [`Permission::description`] (`tests/contract.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permission {
    /// GitHub's API id, e.g. `contents`.
    pub id: &'static str,
    /// GitHub's title in the form, e.g. `Contents` (native builds).
    #[cfg(not(target_arch = "wasm32"))]
    pub title: &'static str,
    /// One line on what it grants (native builds).
    #[cfg(not(target_arch = "wasm32"))]
    pub description: &'static str,
    /// Its section of the form.
    pub group: Group,
    /// The levels GitHub offers.
    pub offered: Offered,
}

#[cfg_attr(target_arch = "wasm32", allow(unused_variables))]
const fn p(
    group: Group,
    id: &'static str,
    title: &'static str,
    offered: Offered,
    description: &'static str,
) -> Permission {
    Permission {
        id,
        #[cfg(not(target_arch = "wasm32"))]
        title,
        #[cfg(not(target_arch = "wasm32"))]
        description,
        group,
        offered,
    }
}

use Group::{Account as A, Organization as O, Repository as R};
use Offered::{ReadOnly as RO, ReadWrite as RW, WriteOnly as WO};

/// The id of the permission GitHub adds as `read` once any repository permission is chosen.
pub const METADATA: &str = "metadata";

/// The catalogue: repository, organization, then account permissions, each section in GitHub's
/// (alphabetical by title) order.
pub static CATALOGUE: &[Permission] = &[
    // Repository permissions.
    p(
        R,
        "actions",
        "Actions",
        RW,
        "Workflows, workflow runs and artifacts",
    ),
    p(
        R,
        "administration",
        "Administration",
        RW,
        "Repository creation, deletion, settings, teams and collaborators",
    ),
    p(
        R,
        "agent_secrets",
        "Agent secrets",
        RW,
        "Secrets for coding agents in the repository",
    ),
    p(
        R,
        "agent_variables",
        "Agent variables",
        RW,
        "Variables for coding agents in the repository",
    ),
    p(
        R,
        "artifact_metadata",
        "Artifact metadata",
        RW,
        "Create and retrieve build artifact metadata records",
    ),
    p(
        R,
        "attestations",
        "Attestations",
        RW,
        "Create and retrieve artifact attestations",
    ),
    p(
        R,
        "code_quality",
        "Code quality",
        RW,
        "View and manage code quality findings",
    ),
    p(
        R,
        "security_events",
        "Code scanning alerts",
        RW,
        "View and manage code scanning alerts and analyses",
    ),
    p(
        R,
        "codespaces_lifecycle_admin",
        "Codespaces lifecycle admin",
        RW,
        "Start, stop and export codespaces",
    ),
    p(
        R,
        "codespaces_metadata",
        "Codespaces metadata",
        RO,
        "Dev container configurations and machine types",
    ),
    p(
        R,
        "codespaces_secrets",
        "Codespaces secrets",
        WO,
        "Manage the repository's codespaces secrets",
    ),
    p(
        R,
        "codespaces",
        "Codespaces",
        RW,
        "Create, edit, delete and list codespaces",
    ),
    p(R, "statuses", "Commit statuses", RW, "Commit statuses"),
    p(
        R,
        "contents",
        "Contents",
        RW,
        "Repository contents, commits, branches, downloads, releases and merges",
    ),
    p(
        R,
        "copilot_agent_settings",
        "Copilot agent settings",
        RO,
        "The repository's Copilot cloud agent configuration",
    ),
    p(
        R,
        "repository_custom_properties",
        "Custom properties",
        RW,
        "View and edit the repository's custom property values",
    ),
    p(
        R,
        "vulnerability_alerts",
        "Dependabot alerts",
        RW,
        "View and manage Dependabot alerts",
    ),
    p(
        R,
        "dependabot_secrets",
        "Dependabot secrets",
        RW,
        "Manage Dependabot secrets",
    ),
    p(
        R,
        "deployments",
        "Deployments",
        RW,
        "Deployments and deployment statuses",
    ),
    p(
        R,
        "environments",
        "Environments",
        RW,
        "Manage repository environments, their secrets and variables",
    ),
    p(
        R,
        "issues",
        "Issues",
        RW,
        "Issues and related comments, assignees, labels and milestones",
    ),
    p(
        R,
        METADATA,
        "Metadata",
        RO,
        "Search repositories, list collaborators and access repository metadata",
    ),
    p(
        R,
        "pages",
        "Pages",
        RW,
        "Pages statuses, configuration and builds, and new builds",
    ),
    p(
        R,
        "pull_requests",
        "Pull requests",
        RW,
        "Pull requests and related comments, assignees, labels, milestones and merges",
    ),
    p(
        R,
        "repository_advisories",
        "Repository security advisories",
        RW,
        "View and manage repository security advisories",
    ),
    p(
        R,
        "secret_scanning_alerts",
        "Secret scanning alerts",
        RW,
        "View and manage secret scanning alerts",
    ),
    p(
        R,
        "secrets",
        "Secrets",
        RW,
        "Manage Actions repository secrets",
    ),
    p(
        R,
        "actions_variables",
        "Variables",
        RW,
        "Manage Actions repository variables",
    ),
    p(
        R,
        "repository_hooks",
        "Webhooks",
        RW,
        "Manage the repository's webhooks",
    ),
    p(
        R,
        "workflows",
        "Workflows",
        WO,
        "Update GitHub Actions workflow files",
    ),
    // Organization permissions.
    p(
        O,
        "organization_api_insights",
        "API Insights",
        RO,
        "API usage statistics of the organization",
    ),
    p(
        O,
        "organization_administration",
        "Administration",
        RW,
        "Manage access to an organization",
    ),
    p(
        O,
        "organization_agent_secrets",
        "Agent secrets",
        RW,
        "Organization secrets for coding agents",
    ),
    p(
        O,
        "organization_agent_variables",
        "Agent variables",
        RW,
        "Organization variables for coding agents",
    ),
    p(
        O,
        "organization_user_blocking",
        "Blocking users",
        RW,
        "View and manage users blocked by the organization",
    ),
    p(
        O,
        "organization_campaigns",
        "Campaigns",
        RW,
        "Manage security campaigns",
    ),
    p(
        O,
        "organization_copilot_spaces",
        "Copilot Spaces",
        RW,
        "Manage the organization's Copilot Spaces",
    ),
    p(
        O,
        "organization_copilot_agent_settings",
        "Copilot agent settings",
        RW,
        "View and manage Copilot cloud agent settings",
    ),
    p(
        O,
        "org_copilot_content_exclusion",
        "Copilot content exclusion",
        RW,
        "Manage Copilot content exclusion rules",
    ),
    p(
        O,
        "organization_custom_org_roles",
        "Custom organization roles",
        RW,
        "Custom organization roles management",
    ),
    p(
        O,
        "organization_custom_properties",
        "Custom properties",
        RW,
        "Repository custom properties at the organization level",
    ),
    p(
        O,
        "organization_events",
        "Events",
        RO,
        "View events triggered by activity in the organization",
    ),
    p(
        O,
        "organization_copilot_seat_management",
        "GitHub Copilot Business",
        RW,
        "Manage Copilot Business seats of the organization's members",
    ),
    p(
        O,
        "organization_runner_custom_images",
        "Hosted runner custom images",
        RW,
        "Manage custom images of GitHub-hosted runners",
    ),
    p(
        O,
        "issue_fields",
        "Issue Fields",
        RW,
        "Manage the organization's issue fields",
    ),
    p(
        O,
        "issue_types",
        "Issue Types",
        RW,
        "Manage the organization's issue types",
    ),
    p(
        O,
        "members",
        "Members",
        RW,
        "Organization members and teams",
    ),
    p(
        O,
        "organization_network_configurations",
        "Network configurations",
        RW,
        "Manage hosted compute network configurations",
    ),
    p(
        O,
        "organization_copilot_metrics",
        "Organization Copilot metrics",
        RO,
        "Copilot usage metrics of the organization",
    ),
    p(
        O,
        "organization_codespaces_secrets",
        "Organization codespaces secrets",
        RW,
        "Manage organization codespaces secrets",
    ),
    p(
        O,
        "organization_codespaces_settings",
        "Organization codespaces settings",
        WO,
        "Manage who may use codespaces billed to the organization",
    ),
    p(
        O,
        "organization_codespaces",
        "Organization codespaces",
        RW,
        "List, stop and delete the organization's codespaces",
    ),
    p(
        O,
        "organization_dependabot_secrets",
        "Organization dependabot secrets",
        RW,
        "Manage organization Dependabot secrets",
    ),
    p(
        O,
        "organization_private_registries",
        "Organization private registries",
        RW,
        "Manage organization private registries",
    ),
    p(
        O,
        "organization_projects",
        "Projects",
        RW,
        "Manage organization projects",
    ),
    p(
        O,
        "organization_secrets",
        "Secrets",
        RW,
        "Manage organization Actions secrets",
    ),
    p(
        O,
        "organization_self_hosted_runners",
        "Self-hosted runners",
        RW,
        "View and manage self-hosted runners and runner groups",
    ),
    p(
        O,
        "organization_actions_variables",
        "Variables",
        RW,
        "Manage organization Actions variables",
    ),
    p(
        O,
        "organization_hooks",
        "Webhooks",
        RW,
        "Manage the organization's webhooks",
    ),
    // Account permissions.
    p(
        A,
        "blocking",
        "Block another user",
        RW,
        "View and manage the users you block",
    ),
    p(
        A,
        "codespaces_user_secrets",
        "Codespaces user secrets",
        RW,
        "Manage your codespaces secrets",
    ),
    p(
        A,
        "emails",
        "Email addresses",
        RW,
        "Manage your email addresses",
    ),
    p(
        A,
        "followers",
        "Followers",
        RW,
        "List, follow and unfollow users",
    ),
    p(
        A,
        "gpg_keys",
        "GPG keys",
        RW,
        "View and manage your GPG keys",
    ),
    p(
        A,
        "gists",
        "Gists",
        WO,
        "Create, edit, fork, star and delete gists",
    ),
    p(
        A,
        "keys",
        "Git SSH keys",
        RW,
        "View and manage your SSH keys",
    ),
    p(
        A,
        "interaction_limits",
        "Interaction limits",
        RW,
        "View and manage interaction limits on your public repositories",
    ),
    p(A, "plan", "Plan", RO, "Your plan and billing usage"),
    p(
        A,
        "private_repository_invitations",
        "Private repository invitations",
        RO,
        "Invitations to private repositories",
    ),
    p(A, "profile", "Profile", WO, "Manage your profile settings"),
    p(
        A,
        "git_signing_ssh_public_keys",
        "SSH signing keys",
        RW,
        "View and manage your SSH signing keys",
    ),
    p(
        A,
        "starring",
        "Starring",
        RW,
        "List and manage the repositories you star",
    ),
    p(
        A,
        "watching",
        "Watching",
        RO,
        "List the repositories you watch",
    ),
];

/// The catalogue entry for `id`.
pub fn find(id: &str) -> Option<&'static Permission> {
    CATALOGUE.iter().find(|p| p.id == id)
}

/// Longest permission id of the catalogue, in bytes: an input longer than this is not echoed
/// in an error (it may be a secret pasted in the wrong field).
pub fn max_id_len() -> usize {
    CATALOGUE.iter().map(|p| p.id.len()).max().unwrap_or(0)
}

/// Whether `raw` looks like a permission id (short, `[a-z_]`): only such input is echoed in
/// error messages.
pub fn looks_like_id(raw: &str) -> bool {
    !raw.is_empty() && raw.len() <= 40 && raw.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_sections_contiguous() {
        for (i, perm) in CATALOGUE.iter().enumerate() {
            assert_eq!(find(perm.id), Some(perm), "duplicate {}", perm.id);
            assert!(looks_like_id(perm.id), "{}", perm.id);
            if i > 0 {
                let prev = CATALOGUE[i - 1].group as u8;
                assert!(prev <= perm.group as u8, "{} out of its section", perm.id);
            }
            #[cfg(not(target_arch = "wasm32"))]
            assert!(!perm.title.is_empty() && !perm.description.is_empty());
        }
        assert!(max_id_len() <= 40);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn each_section_is_in_githubs_title_order() {
        // GitHub's data file sorts by title, bytewise (capitals first), a title before the
        // longer titles it starts ("Codespaces lifecycle admin" … "Codespaces").
        for group in [Group::Repository, Group::Organization, Group::Account] {
            let keys: Vec<String> = CATALOGUE
                .iter()
                .filter(|p| p.group == group)
                .map(|p| format!("{}~", p.title))
                .collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted, "{group:?}");
        }
    }

    #[test]
    fn levels_match_github() {
        let offered = |id| find(id).unwrap().offered;
        assert_eq!(offered("contents"), Offered::ReadWrite);
        assert_eq!(offered("metadata"), Offered::ReadOnly);
        assert_eq!(offered("workflows"), Offered::WriteOnly);
        assert_eq!(offered("profile"), Offered::WriteOnly);
        assert_eq!(offered("organization_events"), Offered::ReadOnly);
        assert_eq!(offered("watching"), Offered::ReadOnly);
        assert!(Offered::ReadOnly.offers(Level::Read));
        assert!(!Offered::ReadOnly.offers(Level::Write));
        assert!(!Offered::WriteOnly.offers(Level::Read));
        assert_eq!(find("metadata").unwrap().group, Group::Repository);
        assert_eq!(find("members").unwrap().group, Group::Organization);
        assert_eq!(find("gists").unwrap().group, Group::Account);
        assert!(find("checks").is_none(), "GitHub Apps only");
    }

    #[test]
    fn level_order_and_spelling() {
        assert!(Level::Write > Level::Read);
        assert!(Level::Write.allows(Level::Write));
        assert_eq!(Level::parse("write"), Some(Level::Write));
        assert_eq!(Level::parse("Write"), None);
        assert_eq!(Level::parse("admin"), None);
        assert_eq!(serde_json::to_string(&Level::Read).unwrap(), "\"read\"");
        assert_eq!(
            serde_json::from_str::<Level>("\"write\"").unwrap(),
            Level::Write
        );
    }
}
