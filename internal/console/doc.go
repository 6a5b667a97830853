// Package console is paddock's web console, served by `paddock serve` on the API's own listener:
// sign in with an API key, watch tasks live, approve a held call from a readable view (a diff for
// writes, the command line for commands, the URL for fetches), read the tenant's audit chain and,
// for admins, its keys, usage and network grants.
//
// Threat model: everything the page shows that came from the model, a tool, a file or another
// person is hostile (thoughts, outputs, file and artifact names, goals, audit details), and so is
// any other web page the browser has open. What holds:
//   - the console acts only through the server's API, with the signed-in key and therefore its role:
//     every change is an internal request to the API's own handler (Config.API), audited and rate
//     limited as any other; there is no private route to a change. Reads come from the tenant's
//     store scope, with the same roles as the API (audit and admin pages: admins);
//   - the key stays on the server, in the session table (in the database, sealed with the master
//     key, when Config.Sealer is set; else in memory): the browser holds only a random
//     session id in a cookie that is HttpOnly, SameSite=Strict, Secure on TLS, expires (at most
//     SessionLifetime, never after the key) and dies with the key (each request checks the key);
//   - every state-changing request carries the session's CSRF token, compared in constant time; the
//     sign-in form carries one bound to a cookie of its own;
//   - pages are html/template (contextual escaping) with control and bidi characters made visible,
//     under a Content-Security-Policy that allows script, style and images from the console's own
//     origin only (no inline script, no third-party origin, no framing); artifacts download as
//     attachments of type application/octet-stream with their own sandbox CSP, so a file the agent
//     wrote cannot run in the console's origin;
//   - another tenant's task is 404, as an id that does not exist.
package console
