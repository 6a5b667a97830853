// Package mcp connects paddock to the Model Context Protocol in both directions, through the
// official Go SDK.
//
// As a server ([NewServer], `paddock mcp`), it offers paddock's own tools — execute_shell,
// execute_python_code, read_file, write_file, list_folder and the web tools — to any MCP client
// (Claude Code, Codex CLI, Cursor, VS Code). Every call goes through the same assembled run as
// `paddock run`: the arguments are validated by the tool's schema, the policy decides, a person
// approves when it says ask (through MCP elicitation; a client that cannot ask gets a refusal
// that says why), the command runs in the sandbox, and the guard filters, redacts, screens and
// spotlights the output. A result flagged as a prompt injection says so in its text and in its
// structured content; a blocked one is withheld with the reason. Every call is a recorded step.
//
// As a client ([Connect], `paddock run --mcp`), it treats third-party MCP servers as untrusted:
// each server process runs inside the sandbox (no network unless granted for that server, the
// workspace as its only writable directory), its tool descriptions and schemas are screened by
// the guard before the model sees them (a poisoned tool is hidden and the user told why), its
// tools are offered as SERVER__TOOL through the run's one pipeline — schema validation, policy,
// approval, guard — and count as consequential unless the user trusts that server's read-only
// annotations. A server whose tool definitions change after they were listed (a rug pull) has
// each changed tool held for approval, and a tool it adds later is screened and offered only
// when the user approves it.
//
// What an attacker controls: the MCP client's model's calls (server side); everything a
// third-party server says — tool names, descriptions, schemas, results, errors, notifications —
// and the code it runs (client side). What must hold: no call skips the pipeline, nothing the
// server says reaches the model unscreened, and the server's process sees only its grant.
package mcp
