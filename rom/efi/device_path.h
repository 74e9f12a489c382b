/*
 * Device paths for images we start (device_path.c).
 */
#ifndef ROM_EFI_DEVICE_PATH_H
#define ROM_EFI_DEVICE_PATH_H

#include "rom/efi/efi_platform.h"

/* A new pool copy of dev's device path with a file path node for name
 * appended (UEFI 2.10 §10.3.5.4), or NULL (after saying why).  dev may be
 * NULL: the path is then the file node alone. */
EFI_DEVICE_PATH_PROTOCOL *device_path_for_file(EFI_HANDLE dev, const char *name);

/* Whether p's last node before the end has this type and sub-type. */
bool device_path_ends_with(const EFI_DEVICE_PATH_PROTOCOL *p, uint8_t type, uint8_t subtype);

/* Whether p begins with every node of prefix (a path of at least one
 * node); false for a path that is damaged or too long. */
bool device_path_starts_with(const EFI_DEVICE_PATH_PROTOCOL *p,
			     const EFI_DEVICE_PATH_PROTOCOL *prefix);

#endif
