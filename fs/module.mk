# fs: the file system (initrd cpio at /, ramfs /tmp, devfs /dev,
# /proc/self/exe) and the descriptor table; kernel/syscall/file*.c is the
# Linux system-call face of it.
# The user-pointer check faked, with the kernel's copies over it.
UACCESS_FAKE := tests/unit/fakes/uaccess_fake.c kernel/syscall/ucopy.c
FS_SRCS := fs/fs.c fs/node.c fs/path.c fs/cpio.c fs/devfs.c fs/fd.c \
        fs/io.c fs/pipe.c fs/ns.c fs/dir.c
SYS_FILE_SRCS := kernel/syscall/file.c kernel/syscall/file_fd.c \
        kernel/syscall/file_stat.c \
        kernel/syscall/file_dir.c
KSRCS += $(FS_SRCS) $(SYS_FILE_SRCS)

UNIT_TESTS += fs fs_cpio sys_file
FS_TEST_SRCS := tests/unit/fs_fixture.c tests/unit/cpio_fixture.c \
        $(FS_SRCS) tests/unit/fakes/heap_fake.c $(KLIB_HOST_SRCS)
fs_SRCS := tests/unit/test_fs.c $(FS_TEST_SRCS)
fs_cpio_SRCS := tests/unit/test_fs_cpio.c $(FS_TEST_SRCS)
sys_file_SRCS := tests/unit/test_sys_file.c tests/unit/cpio_fixture.c \
        $(FS_SRCS) $(SYS_FILE_SRCS) tests/unit/fakes/heap_fake.c \
        $(UACCESS_FAKE) \
        $(KLIB_HOST_SRCS)
FUZZERS += cpio
cpio_FUZZ_SRCS := tests/fuzz/fuzz_cpio.c $(FS_SRCS) \
        tests/unit/fakes/heap_fake.c $(KLIB_HOST_SRCS)
FUZZERS += fs_ops
fs_ops_FUZZ_SRCS := tests/fuzz/fuzz_fs_ops.c tests/unit/cpio_fixture.c \
        $(FS_SRCS) tests/unit/fakes/heap_fake.c $(KLIB_HOST_SRCS)
# The same operations on the host's Linux and on Skiff, results compared.
UNIT_TESTS += fs_linux
fs_linux_SRCS := tests/unit/test_fs_linux.c $(FS_SRCS) $(SYS_FILE_SRCS) \
        tests/unit/fakes/heap_fake.c $(UACCESS_FAKE) \
        $(KLIB_HOST_SRCS)
# openat2's RESOLVE_* rules attacked, against the host's Linux and alone.
UNIT_TESTS += fs_openat2
fs_openat2_SRCS := tests/unit/test_fs_openat2.c tests/unit/cpio_fixture.c \
        $(FS_SRCS) $(SYS_FILE_SRCS) tests/unit/fakes/heap_fake.c \
        $(UACCESS_FAKE) $(KLIB_HOST_SRCS)
