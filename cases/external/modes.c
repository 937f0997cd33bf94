/* The shipped external clients: real programs in place of finrst's own
 * client, run without a shell. Their calls are not observed; the wire and
 * the server's calls are. */
#include "cases/case.h"
#include "cases/external/python_interpreter.h"

/* Python's standard library only: -I -S keep the user's PYTHON* variables,
 * site-packages and .pth hooks out of the client (a hook that imports
 * certifi cost 35 ms of every start here), so that what is run is the
 * article's code on http.client, the same wherever finrst runs. */
static const char *const article_client[] = {
	"python3", "-I", "-S", "{shipped}/article_client.py", "{host}", "{port}", NULL,
};

static const char *const curl_tool[] = {
	"curl", "--silent", "--show-error", "--output", "/dev/null", "--request", "PUT", "--header",
	"Transfer-Encoding: chunked", "--header", "Expect:", "--data-binary", "@{shipped}/upload-body.txt",
	"{url}", NULL,
};

const struct mode mode_python_http_client = {
	.name = "python-http-client",
	.description = "external: the article's Python http.client chunked PUT, getresponse(), conn.close()",
	.traits = MODE_UPLOADS,
	.needs = STACK_OWN_PROGRAM,
	.protocol = PROTOCOL_HTTP,
	.command = article_client,
	.lookup = &python_interpreter_lookup,
};

const struct mode mode_curl_tool = {
	.name = "curl-tool",
	.description = "external: the curl command-line tool, a chunked PUT of 4000 bytes",
	.traits = MODE_UPLOADS,
	.needs = STACK_OWN_PROGRAM,
	.protocol = PROTOCOL_HTTP,
	.command = curl_tool,
};
