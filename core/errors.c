/* Messages for the error codes of core/errors.h. */
#include "core/errors.h"
#include "core/string.h"

/* The texts in code order, each ended by its NUL, the list by an empty
 * one: no pointer table, so no relocation per entry in a moved image. */
static const char texts[] =
	"success\0"
	"timed out\0"			/* E_TIMEOUT */
	"aborted by the user\0"		/* E_ABORTED */
	"out of memory\0"		/* E_NOMEM */
	"invalid argument\0"		/* E_INVALID */
	"malformed packet\0"		/* E_BADPKT */
	"protocol error\0"		/* E_PROTOCOL */
	"refused by the server\0"	/* E_REFUSED */
	"file not found\0"		/* E_NOTFOUND */
	"too large\0"			/* E_TOOBIG */
	"no route to host\0"		/* E_NOROUTE */
	"no network device\0"		/* E_NODEV */
	"I/O error\0"			/* E_IO */
	"not supported\0"		/* E_NOTSUP */
	"bad image\0"			/* E_BADIMAGE */
	"address not resolved yet\0";	/* E_AGAIN */

const char *error_text(int err)
{
	unsigned code = err < 0 ? 0u - (unsigned)err : (unsigned)err;
	const char *t = texts;

	while (code-- && *t)
		t += strlen(t) + 1;
	return *t ? t : "unknown error";
}
