/*
 * Unit tests of TFTP packet building and hostile-input parsing
 * (net/tftp_packet.c): RRQ, OACK and ERROR.
 */
#include "tests/unit/harness.h"
#include "net/tftp_packet.h"
#include "core/byteorder.h"
#include "core/errors.h"
#include <string.h>

/* ------------------------------------------------------------------ */
/* Packets */

/* Bytes of a string literal, NULs included, without the final one. */
#define LIT(s) (const uint8_t *)(s), sizeof(s) - 1

TEST(rrq_layout_with_all_options)
{
	uint8_t buf[128];
	struct tftp_ask ask = { .blksize = 1468, .windowsize = 16, .tsize = true };
	static const char want[] = "\0\1" "boot/pxe.0\0" "octet\0" "blksize\0"
				   "1468\0" "tsize\0" "0\0" "windowsize\0" "16\0";

	size_t len = tftp_build_rrq(buf, sizeof(buf), "boot/pxe.0", &ask);
	CHECK_EQ(len, sizeof(want) - 1);
	CHECK(memcmp(buf, want, len) == 0);
}

/* RFC 1350 §5: without options an RRQ is opcode, name, mode. */
TEST(rrq_layout_without_options)
{
	uint8_t buf[128];
	struct tftp_ask none = { 0 };
	static const char want[] = "\0\1" "f\0" "octet\0";

	size_t len = tftp_build_rrq(buf, sizeof(buf), "f", &none);
	CHECK_EQ(len, sizeof(want) - 1);
	CHECK(memcmp(buf, want, len) == 0);
	/* tsize alone: RFC 2349 §3, the client sends 0. */
	struct tftp_ask tsize = { .tsize = true };
	static const char want2[] = "\0\1" "f\0" "octet\0" "tsize\0" "0\0";
	len = tftp_build_rrq(buf, sizeof(buf), "f", &tsize);
	CHECK_EQ(len, sizeof(want2) - 1);
	CHECK(memcmp(buf, want2, len) == 0);
}

TEST(rrq_refuses_empty_name_and_small_buffer)
{
	uint8_t buf[16];
	struct tftp_ask ask = { .blksize = 512 };

	CHECK_EQ(tftp_build_rrq(buf, sizeof(buf), "", &ask), 0);
	CHECK_EQ(tftp_build_rrq(buf, sizeof(buf), "a", &ask), 0);	/* 21 bytes */
	CHECK_EQ(tftp_build_rrq(buf, 9, "a", &(struct tftp_ask){ 0 }), 0);
	CHECK_EQ(tftp_build_rrq(buf, 10, "a", &(struct tftp_ask){ 0 }), 10);
}

/* What the OACK tests asked for. */
static const struct tftp_ask asked = { .blksize = 1468, .windowsize = 16, .tsize = true };
static struct tftp_grant grant;
static const char *why;

static int oack(const uint8_t *opts, size_t len)
{
	why = NULL;
	return tftp_parse_oack(opts, len, &asked, &grant, &why);
}

/* RFC 2347: the server grants what we asked, possibly less of it. */
TEST(oack_grants_are_read)
{
	CHECK_EQ(oack(LIT("blksize\0" "1024\0" "tsize\0" "123456\0" "windowsize\0" "8\0")), 0);
	CHECK_EQ(grant.blksize, 1024);
	CHECK_EQ(grant.windowsize, 8);
	CHECK(grant.has_tsize);
	CHECK_EQ(grant.tsize, 123456);
	/* The largest values we accept: exactly what we asked, 4 GiB - 1. */
	CHECK_EQ(oack(LIT("blksize\0" "1468\0" "windowsize\0" "16\0" "tsize\0" "4294967295\0")), 0);
	CHECK_EQ(grant.blksize, 1468);
	CHECK_EQ(grant.windowsize, 16);
	CHECK_EQ(grant.tsize, 4294967295u);
	/* The smallest block RFC 2348 allows. */
	CHECK_EQ(oack(LIT("blksize\0" "8\0")), 0);
	CHECK_EQ(grant.blksize, 8);
}

/* RFC 2347: option names are case-insensitive. */
TEST(oack_names_are_case_insensitive)
{
	CHECK_EQ(oack(LIT("BLKSIZE\0" "512\0" "TSize\0" "7\0" "WindowSize\0" "2\0")), 0);
	CHECK_EQ(grant.blksize, 512);
	CHECK_EQ(grant.tsize, 7);
	CHECK_EQ(grant.windowsize, 2);
}

/* An OACK may grant none of the options: defaults apply. */
TEST(oack_empty_grants_nothing)
{
	grant.blksize = 99;
	CHECK_EQ(oack(NULL, 0), 0);
	CHECK_EQ(grant.blksize, 0);
	CHECK_EQ(grant.windowsize, 0);
	CHECK(!grant.has_tsize);
}

TEST(oack_rejects_unterminated_strings)
{
	CHECK_EQ(oack(LIT("blksize")), -E_BADPKT);
	CHECK_STR(why, "option without a terminated value");
	CHECK_EQ(oack(LIT("blksize\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("blksize\0" "512")), -E_BADPKT);
	CHECK_STR(why, "option without a terminated value");
	CHECK_EQ(oack(LIT("tsize\0" "5\0" "blksize\0" "512")), -E_BADPKT);
}

/* Values are plain decimal: no sign, space, hex or empty string. */
TEST(oack_rejects_values_that_are_not_numbers)
{
	CHECK_EQ(oack(LIT("blksize\0" "51x\0")), -E_BADPKT);
	CHECK_STR(why, "blksize out of range");
	CHECK_EQ(oack(LIT("blksize\0" "\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("blksize\0" " 512\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("blksize\0" "+512\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("windowsize\0" "0x4\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("tsize\0" "-1\0")), -E_BADPKT);
}

/* RFC 2348: blksize is 8..65464 and the server may not grant more than
 * asked; RFC 7440: windowsize is 1..65535, likewise. */
TEST(oack_rejects_sizes_out_of_range)
{
	CHECK_EQ(oack(LIT("blksize\0" "0\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("blksize\0" "7\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("blksize\0" "1469\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("blksize\0" "4294968764\0")), -E_BADPKT);	/* 1468 + 2^32 */
	CHECK_STR(why, "blksize out of range");
	CHECK_EQ(oack(LIT("windowsize\0" "0\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("windowsize\0" "17\0")), -E_BADPKT);
	CHECK_STR(why, "windowsize out of range");
}

/* tsize must fit the 32 bits we keep it in. */
TEST(oack_rejects_tsize_of_4_gib)
{
	CHECK_EQ(oack(LIT("tsize\0" "4294967296\0")), -E_BADPKT);
	CHECK_STR(why, "tsize is not a size below 4 GiB");
	CHECK_EQ(oack(LIT("tsize\0" "99999999999999999999\0")), -E_BADPKT);
}

TEST(oack_rejects_duplicate_options)
{
	CHECK_EQ(oack(LIT("blksize\0" "512\0" "blksize\0" "512\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("windowsize\0" "4\0" "WINDOWSIZE\0" "4\0")), -E_BADPKT);
	CHECK_EQ(oack(LIT("tsize\0" "1\0" "tsize\0" "1\0")), -E_BADPKT);
}

/* RFC 2347: the server may only acknowledge options the client sent. */
TEST(oack_rejects_options_we_did_not_ask_for)
{
	struct tftp_ask only_blksize = { .blksize = 512 };

	CHECK_EQ(oack(LIT("timeout\0" "5\0")), -E_BADPKT);
	CHECK_STR(why, "an option we did not ask for");
	CHECK_EQ(oack(LIT("\0" "5\0")), -E_BADPKT);
	CHECK_EQ(tftp_parse_oack(LIT("windowsize\0" "4\0"), &only_blksize, &grant, &why),
		 -E_BADPKT);
	CHECK_EQ(tftp_parse_oack(LIT("tsize\0" "4\0"), &only_blksize, &grant, &why),
		 -E_BADPKT);
}

static uint16_t err_code;
static char err_text[80];

static void parse_error(const uint8_t *p, size_t len)
{
	memset(err_text, 'X', sizeof(err_text));
	tftp_parse_error(p, len, &err_code, err_text, sizeof(err_text));
}

/* RFC 1350 §5: ERROR is opcode 5, a code and a NUL-terminated text. */
TEST(error_code_and_text)
{
	parse_error(LIT("\0\5" "\0\1" "File not found\0"));
	CHECK_EQ(err_code, TFTP_ENOTFOUND);
	CHECK_STR(err_text, "File not found");
}

/* A text that runs to the end of the packet without a NUL is taken as far
 * as it goes. */
TEST(error_text_without_nul)
{
	parse_error(LIT("\0\5" "\0\2" "Access violation"));
	CHECK_EQ(err_code, TFTP_EACCESS);
	CHECK_STR(err_text, "Access violation");
}

/* Escape sequences and other bytes that could upset the console end the
 * text. */
TEST(error_text_cut_at_non_printable)
{
	parse_error(LIT("\0\5" "\0\0" "disk\x1b[2Jfull\0"));
	CHECK_STR(err_text, "disk");
	parse_error(LIT("\0\5" "\0\0" "caf\xc3\xa9\0"));
	CHECK_STR(err_text, "caf");
	/* And a long text is cut to the buffer. */
	char small[5];
	tftp_parse_error(LIT("\0\5" "\0\1" "File not found\0"), &err_code, small,
			 sizeof(small));
	CHECK_STR(small, "File");
}

TEST(error_too_short)
{
	parse_error(LIT("\0\5" "\0"));
	CHECK_EQ(err_code, TFTP_ENOTDEFINED);
	CHECK_STR(err_text, "");
	parse_error(LIT("\0\5" "\0\3"));
	CHECK_EQ(err_code, TFTP_ENOSPACE);
	CHECK_STR(err_text, "");
}

TEST(error_build_layout)
{
	uint8_t buf[64];
	static const char want[] = "\0\5" "\0\5" "Unknown transfer ID\0";

	size_t len = tftp_build_error(buf, sizeof(buf), TFTP_EBADID, "Unknown transfer ID");
	CHECK_EQ(len, sizeof(want) - 1);
	CHECK(memcmp(buf, want, len) == 0);
	/* No room for the text: an empty one. */
	CHECK_EQ(tftp_build_error(buf, 8, 3, "Disk full"), 5);
	CHECK_EQ(buf[4], 0);
}
