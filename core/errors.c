/* Messages for the error codes of core/errors.h. */
#include "core/errors.h"

static const char *const texts[E_LAST] = {
	[0] = "success",
	[E_TIMEOUT] = "timed out",
	[E_ABORTED] = "aborted by the user",
	[E_NOMEM] = "out of memory",
	[E_INVALID] = "invalid argument",
	[E_BADPKT] = "malformed packet",
	[E_PROTOCOL] = "protocol error",
	[E_REFUSED] = "refused by the server",
	[E_NOTFOUND] = "file not found",
	[E_TOOBIG] = "too large",
	[E_NOROUTE] = "no route to host",
	[E_NODEV] = "no network device",
	[E_IO] = "I/O error",
	[E_NOTSUP] = "not supported",
	[E_BADIMAGE] = "bad image",
	[E_AGAIN] = "address not resolved yet",
};

const char *error_text(int err)
{
	int code = err < 0 ? -err : err;

	if (code >= E_LAST || !texts[code])
		return "unknown error";
	return texts[code];
}
