// Package web gives the agent its web tools: read_webpage (a page's readable text), download_file
// (a resource saved into the workspace) and web_search (results from an operator-configured search
// backend), plus NeutraliseLinks for the agent's own output.
//
// # Threat model
//
// The web is where injected instructions come from, and the model choosing a URL may already be
// steered by them (THREATS.md SBX-05, CVE-05, CVE-12, CVE-13). So:
//
//   - Every fetch goes through an egress.NewClient built from the run's allowlist (--allow-net):
//     only http and https, no user info in URLs, allowlisted hosts only, private, loopback,
//     link-local and metadata addresses refused unless granted, names resolved once and the
//     checked address dialled, every redirect hop re-checked, credentials stripped on cross-origin
//     redirects, bodies capped after gzip decoding, whole requests bounded in time. The zero
//     allowlist reaches nothing: the tools refuse and say how to allow a domain.
//   - Pages come back as readable text (guard.HTMLText: scripts, styles, comments and hidden
//     elements dropped), marked Untrusted with the URL as Source, so the agent loop filters,
//     redacts, screens and spotlights them. Hidden content never reaches the model; when a
//     Config.Screen hook is set, it judges the raw page (hidden parts included) and a flagged page
//     taints the run through Config.Taint.
//   - robots.txt is honoured by default (the "paddock" user-agent group, else "*"), and requests
//     carry a User-Agent naming paddock.
//   - download_file writes only through workspace.WriteFile, within its per-write and total limits,
//     reading at most that many bytes.
//   - NeutraliseLinks turns Markdown and HTML images and links in the agent's own output that point
//     to hosts outside the allowlist into inert text, so that rendering the output cannot send data
//     anywhere without a click (zero-click exfiltration through image URLs, EchoLeak).
//   - The search backend is configured by the operator (see SearchFromEnv); its host is reachable
//     even when it is not in the agent's allowlist, and its API key is sent only to it, in a header,
//     and never appears in tool output, errors or logs.
//
// # Search backend environment
//
//	PADDOCK_SEARXNG_URL            base URL of a SearXNG instance with the JSON format enabled
//	                               (GET {base}/search?q=...&format=json)
//	PADDOCK_SEARCH_URL             endpoint of a JSON search API; "{query}" in it is replaced by the
//	                               query, otherwise the query is added as a parameter
//	PADDOCK_SEARCH_QUERY_PARAM     name of that parameter (default "q")
//	PADDOCK_SEARCH_COUNT_PARAM     name of a result-count parameter, if the API has one
//	PADDOCK_SEARCH_API_KEY         the API key (or PADDOCK_SEARCH_API_KEY_FILE: a file holding it)
//	PADDOCK_SEARCH_API_KEY_HEADER  header that carries the key; by default
//	                               "Authorization: Bearer KEY", with a header name the key is sent
//	                               as is (e.g. X-Subscription-Token, X-API-Key)
//	PADDOCK_SEARCH_RESULTS_PATH    dot path to the results array (e.g. "web.results"); by default
//	                               the first array of objects with a url or link field is used
//
// Set at most one of PADDOCK_SEARXNG_URL and PADDOCK_SEARCH_URL. An API key requires an https
// endpoint unless the endpoint is on loopback.
package web
