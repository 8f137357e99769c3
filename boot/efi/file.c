// SPDX-License-Identifier: GPL-2.0-only
/*
 * Files beside the loader: the volume it was loaded from (its
 * EFI_LOADED_IMAGE's DeviceHandle) and the directory of its own file path
 * (the media file-path nodes of its FilePath, e.g. \EFI\BOOT\BOOTX64.EFI).
 */
#include "loader.h"

static EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
static EFI_GUID simple_fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
static EFI_GUID file_info_guid = EFI_FILE_INFO_ID;

#define DP_TYPE_MEDIA		4
#define DP_SUBTYPE_FILEPATH	4
#define DP_TYPE_END		0x7f

/* Join the file-path nodes of @dp into @out; false if there are none or they do not fit. */
static bool device_path_file(const EFI_DEVICE_PATH *dp, CHAR16 *out, size_t n)
{
	bool any = false;

	out[0] = 0;
	for (unsigned int guard = 0; dp && guard < 64; guard++) {
		const UINT8 *raw = (const UINT8 *)dp;
		UINT16 len = (UINT16)(raw[2] | raw[3] << 8);

		if (raw[0] == DP_TYPE_END || len < 4)
			break;
		if (raw[0] == DP_TYPE_MEDIA && raw[1] == DP_SUBTYPE_FILEPATH && len > 4) {
			CHAR16 piece[LOADER_PATH_MAX];
			size_t chars = (len - 4) / 2, i;

			if (chars >= LOADER_PATH_MAX)
				return false;
			/* The node is only 2-byte aligned in practice: copy it out. */
			memcpy(piece, raw + 4, chars * 2);
			piece[chars] = 0;
			for (i = 0; i < chars && piece[i]; i++)
				;
			piece[i] = 0;
			if (any && piece[0] != '\\' && out[ucs2_len(out) - 1] != '\\' &&
			    !ucs2_append(out, n, L"\\"))
				return false;
			if (!ucs2_append(out, n, piece))
				return false;
			any = true;
		}
		dp = (const EFI_DEVICE_PATH *)(raw + len);
	}
	return any;
}

EFI_STATUS fs_open(EFI_HANDLE image_handle, struct loader_fs *fs)
{
	EFI_FILE_IO_INTERFACE *sfs;
	EFI_STATUS st;
	CHAR16 self[LOADER_PATH_MAX];

	memset(fs, 0, sizeof(*fs));
	st = BS->HandleProtocol(image_handle, &loaded_image_guid, (void **)&fs->image);
	if (EFI_ERROR(st)) {
		con_error("no EFI_LOADED_IMAGE_PROTOCOL on the loader's own handle (%s)\n", efi_strerror(st));
		return st;
	}
	st = BS->HandleProtocol(fs->image->DeviceHandle, &simple_fs_guid, (void **)&sfs);
	if (EFI_ERROR(st)) {
		con_error("the device the loader was loaded from has no file system (%s); "
			  "put BOOTX64.EFI and " KERNEL_FILE_NAME " on a FAT volume\n", efi_strerror(st));
		return st;
	}
	st = sfs->OpenVolume(sfs, &fs->root);
	if (EFI_ERROR(st)) {
		con_error("cannot open the loader's volume (%s)\n", efi_strerror(st));
		return st;
	}

	/* The loader's directory: its own path up to the last backslash. */
	if (device_path_file(fs->image->FilePath, self, LOADER_PATH_MAX)) {
		size_t i = ucs2_len(self);

		while (i && self[i - 1] != '\\')
			i--;
		while (i > 1 && self[i - 1] == '\\')
			i--;
		self[i] = 0;
		if (i == 0 || (i == 1 && self[0] == '\\'))
			self[0] = 0;	/* the root directory: paths become \name */
		memcpy(fs->dir, self, (ucs2_len(self) + 1) * sizeof(CHAR16));
	} else {
		/* Loaded from memory or a path we cannot read: the removable-media default. */
		ascii_to_ucs2(fs->dir, LOADER_PATH_MAX, "\\EFI\\BOOT");
	}
	return EFI_SUCCESS;
}

void fs_close(struct loader_fs *fs)
{
	if (fs->root)
		fs->root->Close(fs->root);
	fs->root = NULL;
}

EFI_STATUS fs_path(const struct loader_fs *fs, const char *name, CHAR16 *path)
{
	CHAR16 wname[LOADER_PATH_MAX];

	path[0] = 0;
	if (!ucs2_append(path, LOADER_PATH_MAX, fs->dir) ||
	    !ucs2_append(path, LOADER_PATH_MAX, L"\\") ||
	    !ascii_to_ucs2(wname, LOADER_PATH_MAX, name) ||
	    !ucs2_append(path, LOADER_PATH_MAX, wname)) {
		con_error("the path of %s is longer than %u characters\n", name, LOADER_PATH_MAX - 1);
		return EFI_BAD_BUFFER_SIZE;
	}
	return EFI_SUCCESS;
}

EFI_STATUS fs_read(const struct loader_fs *fs, const CHAR16 *path, UINT64 max,
		   void **buf, UINTN *size, bool quiet_if_missing)
{
	EFI_FILE_HANDLE fh;
	EFI_FILE_INFO *info = NULL;
	UINTN info_size = 0, done = 0;
	UINT64 fsize;
	EFI_STATUS st;

	*buf = NULL;
	*size = 0;
	st = fs->root->Open(fs->root, &fh, (CHAR16 *)path, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st)) {
		if (!(st == EFI_NOT_FOUND && quiet_if_missing))
			con_error("cannot open %ls on the loader's volume: %s\n", path, efi_strerror(st));
		return st;
	}

	st = fh->GetInfo(fh, &file_info_guid, &info_size, NULL);
	if (st == EFI_BUFFER_TOO_SMALL) {
		st = BS->AllocatePool(EfiLoaderData, info_size, (void **)&info);
		if (!EFI_ERROR(st))
			st = fh->GetInfo(fh, &file_info_guid, &info_size, info);
	}
	if (EFI_ERROR(st)) {
		con_error("cannot read the size of %ls: %s\n", path, efi_strerror(st));
		goto out;
	}
	if (info->Attribute & EFI_FILE_DIRECTORY) {
		con_error("%ls is a directory, not a file\n", path);
		st = EFI_LOAD_ERROR;
		goto out;
	}
	fsize = info->FileSize;
	if (fsize > max) {
		con_error("%ls is %lu bytes; more than %lu is not accepted\n", path, fsize, max);
		st = EFI_BAD_BUFFER_SIZE;
		goto out;
	}
	st = BS->AllocatePool(EfiLoaderData, fsize ? fsize : 1, buf);
	if (EFI_ERROR(st)) {
		con_error("no memory to read %ls (%lu bytes): %s\n", path, fsize, efi_strerror(st));
		*buf = NULL;
		goto out;
	}
	while (done < fsize) {
		UINTN n = fsize - done;

		st = fh->Read(fh, &n, (UINT8 *)*buf + done);
		if (EFI_ERROR(st)) {
			con_error("reading %ls failed after %lu of %lu bytes: %s\n", path,
				  (UINT64)done, fsize, efi_strerror(st));
			goto out;
		}
		if (n == 0) {
			con_error("%ls ended after %lu of its %lu bytes\n", path, (UINT64)done, fsize);
			st = EFI_VOLUME_CORRUPTED;
			goto out;
		}
		done += n;
	}
	*size = fsize;
	st = EFI_SUCCESS;
out:
	if (EFI_ERROR(st) && *buf) {
		BS->FreePool(*buf);
		*buf = NULL;
	}
	if (info)
		BS->FreePool(info);
	fh->Close(fh);
	return st;
}
