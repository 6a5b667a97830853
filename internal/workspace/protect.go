package workspace

import "strings"

// ProtectedPaths are workspace paths that something on the host runs or loads later: git's
// repository (hooks, config, commondir and gitdir redirections), shell start-up files, direnv and
// version-manager files, editor, dev-container and agent settings, CI workflows. Writing one could
// turn a file write into code execution outside the sandbox (CVE-2023-37273 style), so host-side
// writes refuse them. An entry ending in "/" covers the folder and all beneath it; entries match
// at any depth of the workspace (a nested repository's .git, a sub-project's .envrc) and without
// regard to case.
var ProtectedPaths = []string{
	// git: all of .git (hooks, config, commondir, info/, modules/*/hooks) and a .git file
	// ("gitdir: ..."), which would point git at a repository the agent wrote.
	".git/", ".gitconfig", ".gitmodules",
	// shells: bash, zsh, fish, POSIX sh.
	".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile",
	".zshrc", ".zshenv", ".zprofile", ".zlogin", ".zlogout", ".config/fish/",
	// per-directory environments and tool versions.
	".envrc", ".mise.toml", "mise.toml", ".tool-versions",
	// editors, dev containers, agents, CI.
	".vscode/", ".idea/", ".devcontainer/", ".mcp.json",
	".cursor/", ".claude/", ".codex/", ".paddock/", ".github/workflows/",
}

// Protected reports whether a cleaned, slash-separated workspace name is or lies inside one of
// [ProtectedPaths].
func Protected(clean string) bool {
	parts := strings.Split(strings.ToLower(clean), "/")
	for i := range parts {
		// Every suffix that starts at a component boundary: protections hold at any depth.
		tail := strings.Join(parts[i:], "/")
		for _, p := range ProtectedPaths {
			if dir, ok := strings.CutSuffix(p, "/"); ok {
				if tail == dir || strings.HasPrefix(tail, p) {
					return true
				}
			} else if tail == p {
				return true
			}
		}
	}
	return false
}
