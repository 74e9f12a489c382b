/*
 * EFI_STATUS codes as text (UEFI 2.10 Appendix D, "Status Codes"): errors
 * have the top bit set and number from 1.
 */
#include "core/format.h"
#include "rom/efi/efi_platform.h"

static const char *const error_names[] = {
	[1] = "EFI_LOAD_ERROR", [2] = "EFI_INVALID_PARAMETER", [3] = "EFI_UNSUPPORTED",
	[4] = "EFI_BAD_BUFFER_SIZE", [5] = "EFI_BUFFER_TOO_SMALL", [6] = "EFI_NOT_READY",
	[7] = "EFI_DEVICE_ERROR", [8] = "EFI_WRITE_PROTECTED", [9] = "EFI_OUT_OF_RESOURCES",
	[14] = "EFI_NOT_FOUND", [15] = "EFI_ACCESS_DENIED", [16] = "EFI_NO_RESPONSE",
	[18] = "EFI_TIMEOUT", [19] = "EFI_NOT_STARTED", [20] = "EFI_ALREADY_STARTED",
	[21] = "EFI_ABORTED", [26] = "EFI_SECURITY_VIOLATION",
};

const char *efi_status_text(EFI_STATUS st)
{
	static char other[24];
	UINTN code = st & ~EFI_ERROR_MASK;

	if (st == EFI_SUCCESS)
		return "EFI_SUCCESS";
	if (EFI_ERROR(st) && code < sizeof(error_names) / sizeof(error_names[0]) &&
	    error_names[code])
		return error_names[code];
	format_buf(other, sizeof(other), "status %lx", (unsigned long)st);
	return other;
}
