#ifndef FINRST_HTTP_EARLY_REPLY_H
#define FINRST_HTTP_EARLY_REPLY_H

#include "../http/http_request.h"

/* Reads the request's headers, waits for the first body bytes, answers 413
 * with a 16 MB body: whole when `whole`, else only until the send buffer is
 * full (so that data is still unsent when the server closes). */
int http_answer_before_the_body(struct peer *server, int whole);

#endif
