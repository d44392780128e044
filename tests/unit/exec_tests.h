/* SPDX-License-Identifier: MIT */
/* The exec unit tests kept in other files than test_exec.c (which holds
 * main): real binaries and the initial stack. */
#ifndef SKIFF_TEST_EXEC_TESTS_H
#define SKIFF_TEST_EXEC_TESTS_H

void test_real_self(void **state);
void test_real_musl(void **state);
void test_real_musl_pie(void **state);
void test_stack_layout(void **state);
void test_stack_alignment(void **state);
void test_stack_empty(void **state);
void test_stack_too_big(void **state);

#endif
