# apps: the built-in applications, and the one a build may link in:
# `make APP=apps/<name>` compiles apps/<name>/*.c with musl-gcc -static and
# embeds the executable (apps/builtin.S); the boot then runs it instead of
# inspect. The choice is remembered in $(BUILD)/app-choice so that changing
# it rebuilds the image.
KSRCS += apps/app.c apps/builtin.S apps/inspect/inspect.c \
        apps/inspect/fault.c apps/inspect/devices.c apps/inspect/net.c \
        apps/inspect/bench.c

MUSLCC ?= musl-gcc
APP_CHOICE := $(BUILD)/app-choice
$(shell mkdir -p $(BUILD); [ -f $(APP_CHOICE) ] && [ "$$(cat $(APP_CHOICE))" = "$(APP)" ] || echo "$(APP)" > $(APP_CHOICE))
$(KB)/apps/builtin.o: $(APP_CHOICE)

ifneq ($(strip $(APP)),)
APP_NAME := $(notdir $(patsubst %/,%,$(APP)))
APP_BIN := $(BUILD)/apps/$(APP_NAME)
$(APP_BIN): $(wildcard $(APP)/*.c) $(APP_CHOICE)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MUSLCC  $@")
	$(Q)$(MUSLCC) -static -O2 -Wall -Wextra -o $@ $(filter %.c,$^)
$(KB)/apps/builtin.o: $(APP_BIN)
$(KB)/apps/builtin.o: KASFLAGS += -DAPP_ELF='"$(APP_BIN)"' \
        -DAPP_NAME='"$(APP_NAME)"'
endif
