/*
 * Error codes: functions return 0 or a negative code from this list and pass
 * it up unchanged; error_text() names it for the user.  The place that fails
 * prints the detail (which server, which file, how long it waited).
 */
#ifndef CORE_ERRORS_H
#define CORE_ERRORS_H

enum {
	E_TIMEOUT = 1,	/* waited the documented time, nothing came */
	E_ABORTED,	/* the user pressed the abort key */
	E_NOMEM,	/* heap or buffer exhausted */
	E_INVALID,	/* bad argument or setting */
	E_BADPKT,	/* malformed or hostile network data */
	E_PROTOCOL,	/* a peer broke the protocol */
	E_REFUSED,	/* a server answered with an error */
	E_NOTFOUND,	/* the server has no such file */
	E_TOOBIG,	/* does not fit where it must go */
	E_NOROUTE,	/* no way to reach that address */
	E_NODEV,	/* no usable network device */
	E_IO,		/* the device or host I/O failed */
	E_NOTSUP,	/* a feature we do not implement */
	E_BADIMAGE,	/* an image we refuse to start */
	E_AGAIN,	/* not yet possible (next hop unresolved) */
	E_LAST
};

const char *error_text(int err);

#endif
