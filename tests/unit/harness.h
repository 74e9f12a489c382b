/*
 * A tiny unit-test harness.  TEST(name) registers a case; CHECK() fails it
 * (from any depth, via longjmp) with the file, line and expression.  Each
 * case starts with fresh fakes (fake clock, console capture, fake NIC).
 * Output follows tests/run.sh: "PASS name" or "FAIL name: why".
 */
#ifndef TESTS_UNIT_HARNESS_H
#define TESTS_UNIT_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*test_fn)(void);

void test_register(const char *name, test_fn fn);
_Noreturn void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define TEST(name)                                                       \
	static void name(void);                                          \
	__attribute__((constructor)) static void register_##name(void)   \
	{                                                                \
		test_register(#name, name);                              \
	}                                                                \
	static void name(void)

#define CHECK(cond)                                                      \
	do {                                                             \
		if (!(cond))                                             \
			test_fail(__FILE__, __LINE__, "%s", #cond);      \
	} while (0)

#define CHECK_EQ(a, b)                                                   \
	do {                                                             \
		long long a_ = (long long)(a), b_ = (long long)(b);      \
		if (a_ != b_)                                            \
			test_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)", \
				  #a, #b, a_, b_);                       \
	} while (0)

#define CHECK_STR(a, b)                                                  \
	do {                                                             \
		const char *a_ = (a), *b_ = (b);                         \
		if (strcmp(a_, b_) != 0)                                 \
			test_fail(__FILE__, __LINE__, "%s == \"%s\" (got \"%s\")", \
				  #a, b_, a_);                           \
	} while (0)

/* Reset hook the fakes provide; the harness calls it before every case. */
void fake_reset(void);

#endif
