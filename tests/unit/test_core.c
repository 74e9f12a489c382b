/* Unit tests of the portable core: format, checksums, heap, clock, errors. */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "core/checksum.h"
#include "core/clock.h"
#include "core/crc32.h"
#include "core/errors.h"
#include "core/format.h"
#include "core/heap.h"
#include "core/random.h"
#include "core/string.h"

TEST(format_integers)
{
	char b[64];

	format_buf(b, sizeof(b), "%d|%u|%x|%5d|%05u|%04d|%08lx", -42, 4000000000u,
		   0xbeef, 12, 42, -7, 0xabcdUL);
	CHECK_STR(b, "-42|4000000000|beef|   12|00042|-007|0000abcd");
	format_buf(b, sizeof(b), "%llx|%llx|%018llx", 0x123456789abcdef0ULL,
		   0ULL, 0xffffffffffffffffULL);
	CHECK_STR(b, "123456789abcdef0|0|00ffffffffffffffff");
	format_buf(b, sizeof(b), "[%llu]", 5ULL);	/* 'll' only with x */
	CHECK_STR(b, "[%u]");
	format_buf(b, sizeof(b), "%ld %lu %zu %d", -2147483647L - 1, 4294967295UL,
		   (size_t)99, -2147483647 - 1);
	CHECK_STR(b, "-2147483648 4294967295 99 -2147483648");
}

TEST(format_strings_and_misc)
{
	char b[64];

	format_buf(b, sizeof(b), "[%s][%6s][%%][%5p]", "abc", "ab", (void *)0x12);
	CHECK_STR(b, "[abc][    ab][%][ 0x12]");
	const char *volatile none = NULL;	/* hidden from -Wformat */
	format_buf(b, sizeof(b), "%s", none);
	CHECK_STR(b, "(null)");
	format_buf(b, sizeof(b), "%p", (void *)0x1234);
	CHECK_STR(b, "0x1234");
}

TEST(format_truncates_and_counts)
{
	char b[8];

	int n = format_buf(b, sizeof(b), "%s", "0123456789");
	CHECK_EQ(n, 10);
	CHECK_STR(b, "0123456");
	CHECK_EQ(format_buf(NULL, 0, "%d", 12345), 5);
}

TEST(format_rates_and_seconds)
{
	CHECK_STR(rate_text(67108864, 1894).s, "35.43");
	CHECK_STR(rate_text(1000, 0).s, "1.00");	/* 0 ms counts as 1 */
	CHECK_STR(rate_text(262144, 35995).s, "0.007");	/* slow: three places */
	CHECK_STR(rate_text(999, 1).s, "0.999");
	CHECK_STR(secs_text(2345).s, "2.345");
	CHECK_STR(secs_text(7).s, "0.007");
}

TEST(checksum_rfc1071_example)
{
	/* RFC 1071 §3: these bytes sum to ddf2 (one's complement). */
	const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint16_t sum = checksum_finish(checksum_add(0, data, sizeof(data)));
	uint8_t *b = (uint8_t *)&sum;

	CHECK_EQ(b[0], 0xff - 0xdd);
	CHECK_EQ(b[1], 0xff - 0xf2);
}

TEST(checksum_verifies_to_zero_with_odd_length)
{
	uint8_t pkt[21] = { 0x45, 0, 0, 21, 1, 2, 0x40, 0, 64, 17, 0, 0,
			    10, 0, 0, 1, 10, 0, 0, 2, 0x99 };
	uint16_t sum = checksum_finish(checksum_add(0, pkt, 20));

	memcpy(pkt + 10, &sum, 2);
	CHECK_EQ(checksum_finish(checksum_add(0, pkt, 20)), 0);
	/* An odd tail byte counts as the high byte of a word (RFC 1071). */
	uint32_t s = checksum_add(0, pkt + 20, 1);
	CHECK_EQ(s, 0x99);
}

/* The CRC-32 check value of "123456789" (the catalogue of parametrised
 * CRCs, CRC-32/ISO-HDLC), whole and in pieces of odd length. */
TEST(crc32_check_value_and_pieces)
{
	const char *digits = "123456789";

	CHECK_EQ(crc32_update(0, digits, 9), 0xCBF43926u);
	CHECK_EQ(crc32_update(crc32_update(crc32_update(0, digits, 1), digits + 1, 5),
			      digits + 6, 3), 0xCBF43926u);
	CHECK_EQ(crc32_update(0, digits, 0), 0);
}

TEST(heap_allocates_aligned_and_merges)
{
	static uint8_t arena[4096];

	heap_init(arena + 3, sizeof(arena) - 3);
	size_t all = heap_free_bytes();
	void *a = heap_alloc(10), *b = heap_alloc(100), *c = heap_alloc(1000);
	CHECK(a && b && c);
	CHECK_EQ((uintptr_t)a % 16, 0);
	CHECK_EQ((uintptr_t)b % 16, 0);
	CHECK((uint8_t *)b >= (uint8_t *)a + 10);
	memset(c, 0xaa, 1000);
	heap_free(b);
	heap_free(a);
	heap_free(c);
	CHECK_EQ(heap_free_bytes(), all);
	CHECK_EQ(heap_largest_free(), all);
	CHECK(heap_alloc(all + 1) == NULL);
	CHECK(heap_alloc(0) == NULL);
	CHECK(heap_alloc((size_t)-1) == NULL);
	void *whole = heap_alloc(all);
	CHECK(whole != NULL);
	CHECK(heap_alloc(1) == NULL);
	heap_free(NULL);
}

TEST(heap_zalloc_zeroes)
{
	uint8_t *p = heap_alloc(64);
	memset(p, 0x5a, 64);
	heap_free(p);
	uint8_t *q = heap_zalloc(64);
	for (int i = 0; i < 64; i++)
		CHECK_EQ(q[i], 0);
}

TEST(deadlines_survive_clock_wrap)
{
	fake_clock_set(0xfffffff0u);
	uint32_t d = deadline_in(100);	/* lies past the wrap */
	CHECK(d < 100);
	CHECK(!deadline_passed(d));
	CHECK_EQ(deadline_left(d), 100);
	fake_clock_advance(99);
	CHECK(!deadline_passed(d));
	fake_clock_advance(1);
	CHECK(deadline_passed(d));
	CHECK_EQ(deadline_left(d), 0);
	CHECK_EQ(ms_since(0xfffffff0u), 100);
}

TEST(errors_have_messages)
{
	CHECK_STR(error_text(-E_TIMEOUT), "timed out");
	CHECK_STR(error_text(-E_NOTFOUND), "file not found");
	CHECK_STR(error_text(-E_AGAIN), "address not resolved yet");
	CHECK_STR(error_text(0), "success");
	CHECK_STR(error_text(-9999), "unknown error");
	CHECK_STR(error_text(-E_LAST), "unknown error");
	for (int e = 1; e < E_LAST; e++)
		CHECK(strcmp(error_text(-e), "unknown error") != 0);
}

TEST(random_is_spread)
{
	int hits[8] = { 0 };

	for (int i = 0; i < 8000; i++)
		hits[random_below(8)]++;
	for (int i = 0; i < 8; i++)
		CHECK(hits[i] > 800 && hits[i] < 1200);
	CHECK_EQ(random_below(0), 0);
}

TEST(string_helpers)
{
	char b[4];

	CHECK_EQ(str_copy(b, "hello", sizeof(b)), 5);
	CHECK_STR(b, "hel");
	CHECK_EQ(str_casecmp("BlkSize", "blksize"), 0);
	CHECK(str_casecmp("blksize", "blksizf") < 0);
}
