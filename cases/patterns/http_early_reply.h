#ifndef FINRST_HTTP_EARLY_REPLY_H
#define FINRST_HTTP_EARLY_REPLY_H

#include "cases/http/http_request.h"

/* Reads the request's headers, waits until the body (or 64 KiB of it) sits
 * unread, answers 413 declaring a 16 MB body and sends its first 24 KiB;
 * when `whole`, the rest too, its last byte held for the caller's
 * shutdown(SHUT_WR). 0, or -1 when the request or the send failed. */
int http_answer_before_the_body(struct peer *server, int whole);

#endif
