using System.Buffers.Binary;
using System.Text;

namespace Verifier.NumericBridge.Runtime;

/// <summary>What <see cref="ElfVersionNeed.MakeWeak(string, string)"/> did to a shared library.</summary>
internal enum ElfPatchOutcome
{
    /// <summary>The library needs the version and the entry was not weak: the flag was set and the file written.</summary>
    Patched,
    /// <summary>The entry was already weak: nothing was written (the patch is idempotent).</summary>
    AlreadyWeak,
    /// <summary>The library does not need the version at all: nothing was written.</summary>
    NotNeeded,
}

/// <summary>
/// THE ONE PLACE where a native library is edited. It marks one symbol-version need of an ELF64 little-endian shared
/// library as weak, so that the dynamic loader accepts the library when the system lacks that version.
/// </summary>
/// <remarks>
/// <para>Why: TorchSharp 0.107.0's glue <c>libLibTorchSharp.so</c> was built with GCC 13 and lists
/// <c>GLIBCXX_3.4.32</c> among the versions it needs from libstdc++, only for the marker symbol
/// <c>_ZSt21ios_base_library_initv</c>, which no relocation references. Debian 12's libstdc++ stops at 3.4.30, so
/// <c>dlopen</c> fails with "version `GLIBCXX_3.4.32' not found" although nothing from that version is ever called.</para>
/// <para>What: in the <c>.gnu.version_r</c> section (type <c>SHT_GNU_verneed</c>) every needed file has an
/// <c>Elf64_Verneed</c> record followed by <c>Elf64_Vernaux</c> records, one per needed version name. glibc's loader
/// skips a missing version whose <c>vna_flags</c> carry <c>VER_FLG_WEAK</c> (0x2) instead of failing
/// (<c>_dl_check_map_versions</c> in <c>elf/dl-version.c</c>). We set that bit on the one Vernaux entry whose name
/// (looked up in the section's linked string table, <c>.dynstr</c>) is the requested version. No other byte changes;
/// the file size and every offset stay the same.</para>
/// <para>Only ever applied to the copy in the build output, never to the NuGet cache (see <see cref="TorchRuntime"/>).</para>
/// </remarks>
internal static class ElfVersionNeed
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>Sets <c>VER_FLG_WEAK</c> on the need for <paramref name="version"/> in the ELF file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed ELF64 little-endian file.</exception>
    public static ElfPatchOutcome MakeWeak(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var outcome = MakeWeak(bytes, version);
        if (outcome == ElfPatchOutcome.Patched)
        {
            // Write a sibling file and move it over, so that a crash never leaves a half-written library.
            string temporary = path + ".patching";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        return outcome;
    }

    /// <summary>The same on bytes in memory, which are changed in place.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ELF64 little-endian file.</exception>
    public static ElfPatchOutcome MakeWeak(byte[] elf, string version)
    {
        try { return MakeWeakUnchecked(elf, version); }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException("malformed ELF file: a header points outside the file", e);
        }
    }

    private static ElfPatchOutcome MakeWeakUnchecked(byte[] elf, string version)
    {
        var span = elf.AsSpan();
        if (span.Length < 64 || span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (span[4] != 2 || span[5] != 1) throw new InvalidDataException("not a 64-bit little-endian ELF file");

        // Elf64_Ehdr: e_shoff at 0x28, e_shentsize at 0x3A, e_shnum at 0x3C.
        ulong shoff = U64(span, 0x28);
        int shentsize = U16(span, 0x3A), shnum = U16(span, 0x3C);
        if (shentsize < 64 || shoff + (ulong)shnum * (ulong)shentsize > (ulong)span.Length)
            throw new InvalidDataException("section header table out of range");

        for (int s = 0; s < shnum; s++)
        {
            // Elf64_Shdr: sh_type at 4, sh_offset at 0x18, sh_size at 0x20, sh_link at 0x28, sh_info at 0x2C.
            int header = checked((int)shoff + s * shentsize);
            if (U32(span, header + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)U64(span, header + 0x18));
            int link = (int)U32(span, header + 0x28);
            int needs = (int)U32(span, header + 0x2C);
            if (link >= shnum) throw new InvalidDataException(".gnu.version_r links to a missing string table");
            int strtabHeader = checked((int)shoff + link * shentsize);
            int strtab = checked((int)U64(span, strtabHeader + 0x18));
            int strtabSize = checked((int)U64(span, strtabHeader + 0x20));
            return Walk(span, offset, needs, strtab, strtabSize, version);
        }
        return ElfPatchOutcome.NotNeeded;
    }

    private static ElfPatchOutcome Walk(Span<byte> span, int verneed, int needs, int strtab, int strtabSize, string version)
    {
        for (int n = 0; n < needs; n++)
        {
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            int count = U16(span, verneed + 2);
            int aux = verneed + (int)U32(span, verneed + 8);
            for (int a = 0; a < count; a++)
            {
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                int name = (int)U32(span, aux + 8);
                if (Name(span, strtab, strtabSize, name) == version)
                {
                    ushort flags = U16(span, aux + 4);
                    if ((flags & VerFlagWeak) != 0) return ElfPatchOutcome.AlreadyWeak;
                    BinaryPrimitives.WriteUInt16LittleEndian(span[(aux + 4)..], (ushort)(flags | VerFlagWeak));
                    return ElfPatchOutcome.Patched;
                }
                int next = (int)U32(span, aux + 12);
                if (next == 0) break;
                aux += next;
            }
            int nextNeed = (int)U32(span, verneed + 12);
            if (nextNeed == 0) break;
            verneed += nextNeed;
        }
        return ElfPatchOutcome.NotNeeded;
    }

    private static string Name(ReadOnlySpan<byte> span, int strtab, int size, int index)
    {
        if (index < 0 || index >= size) throw new InvalidDataException("version name outside the string table");
        var rest = span.Slice(strtab + index, size - index);
        int end = rest.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
    }

    private static ushort U16(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(at, 2));
    private static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(at, 4));
    private static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(at, 8));
}
