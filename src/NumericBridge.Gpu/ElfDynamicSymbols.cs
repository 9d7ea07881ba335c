using System.Buffers.Binary;
using System.Text;

namespace Verifier.NumericBridge.Gpu;

/// <summary>
/// The dynamic-linking view of an ELF64 little-endian shared library, read from its section headers: its
/// <c>DT_SONAME</c>, its <c>DT_NEEDED</c> libraries, the symbols it exports, and the symbols it imports and really
/// looks up (those named by a relocation).
/// </summary>
/// <remarks>
/// <para>Read-only, and only the sections it needs are read (libtorch_cpu.so is about 450 MB). The approach follows
/// <c>Verifier.NumericBridge.Runtime.ElfVersionNeed</c> in the core: <c>Elf64_Ehdr</c> gives the section header table;
/// <c>.dynsym</c> (<c>SHT_DYNSYM</c>, 11) holds <c>Elf64_Sym</c> records (24 bytes: st_name u32, st_info u8, st_other u8,
/// st_shndx u16, st_value u64, st_size u64) whose names are in the linked string table; <c>.dynamic</c>
/// (<c>SHT_DYNAMIC</c>, 6) holds (tag, value) pairs; <c>SHT_RELA</c> (4) and <c>SHT_REL</c> (9) sections linked to
/// <c>.dynsym</c> name a symbol in the high 32 bits of <c>r_info</c>.</para>
/// <para>An import with no relocation is never looked up by the dynamic loader (e.g. the glue's
/// <c>_ZSt21ios_base_library_initv</c>, a marker that only carries a version need), so it cannot be unresolved;
/// <see cref="Imports"/> leaves such symbols out, and also weak imports, which may stay unresolved.</para>
/// </remarks>
public sealed class ElfDynamicSymbols
{
    private const uint ShtRela = 4, ShtDynamic = 6, ShtRel = 9, ShtDynsym = 11;
    private const long DtNeeded = 1, DtSoname = 14;
    private const int StbWeak = 2;

    private ElfDynamicSymbols(string path, string? soname, IReadOnlyList<string> needed, IReadOnlySet<string> exports, IReadOnlyList<string> imports)
    {
        Path = path;
        Soname = soname;
        Needed = needed;
        Exports = exports;
        Imports = imports;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The library's <c>DT_SONAME</c>, the name under which the loader matches it; null when it has none.</summary>
    public string? Soname { get; }

    /// <summary>The <c>DT_NEEDED</c> entries, in order.</summary>
    public IReadOnlyList<string> Needed { get; }

    /// <summary>The names of the defined global, weak and unique symbols of <c>.dynsym</c> (what the library exports).</summary>
    public IReadOnlySet<string> Exports { get; }

    /// <summary>The undefined, non-weak symbols that a relocation refers to (what the library needs from others), sorted.</summary>
    public IReadOnlyList<string> Imports { get; }

    /// <summary>Reads the dynamic symbols of the library at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not an ELF64 little-endian file, or a header points outside it.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ElfDynamicSymbols Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        try
        {
            return ReadUnchecked(path, handle, length);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"'{path}': malformed ELF file (a header points outside the file)", e);
        }
    }

    private readonly record struct Section(uint Type, long Offset, long Size, int Link, long EntrySize);

    private static ElfDynamicSymbols ReadUnchecked(string path, Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length)
    {
        var header = Bytes(handle, length, 0, 64);
        if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            throw new InvalidDataException($"'{path}' is not an ELF file");
        if (header[4] != 2 || header[5] != 1) throw new InvalidDataException($"'{path}' is not a 64-bit little-endian ELF file");

        // Elf64_Ehdr: e_shoff at 0x28, e_shentsize at 0x3A, e_shnum at 0x3C.
        long shoff = checked((long)U64(header, 0x28));
        int shentsize = U16(header, 0x3A), shnum = U16(header, 0x3C);
        if (shnum == 0 || shentsize < 64) throw new InvalidDataException($"'{path}' has no section headers (stripped of them); use nm -D instead");
        var table = Bytes(handle, length, shoff, checked(shnum * shentsize));
        var sections = new Section[shnum];
        for (int s = 0; s < shnum; s++)
        {
            // Elf64_Shdr: sh_type at 4, sh_offset at 0x18, sh_size at 0x20, sh_link at 0x28, sh_entsize at 0x38.
            int at = s * shentsize;
            sections[s] = new Section(U32(table, at + 4), checked((long)U64(table, at + 0x18)), checked((long)U64(table, at + 0x20)),
                (int)U32(table, at + 0x28), checked((long)U64(table, at + 0x38)));
        }

        int dynsymIndex = Array.FindIndex(sections, s => s.Type == ShtDynsym);
        if (dynsymIndex < 0) throw new InvalidDataException($"'{path}' has no .dynsym section: it is not a shared library");
        var dynsym = sections[dynsymIndex];
        var symbols = Bytes(handle, length, dynsym.Offset, dynsym.Size);
        var strings = StringTable(handle, length, sections, dynsym.Link, path);
        int entry = dynsym.EntrySize >= 24 ? (int)dynsym.EntrySize : 24;
        int count = symbols.Length / entry;

        var referenced = new HashSet<int>();
        foreach (var rel in sections.Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.Link == dynsymIndex))
        {
            var relocations = Bytes(handle, length, rel.Offset, rel.Size);
            int size = rel.EntrySize > 0 ? (int)rel.EntrySize : rel.Type == ShtRela ? 24 : 16;
            for (int at = 0; at + size <= relocations.Length; at += size)
                referenced.Add((int)(U64(relocations, at + 8) >> 32)); // r_info: symbol index in the high half
        }

        var exports = new HashSet<string>(StringComparer.Ordinal);
        var imports = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < count; i++)
        {
            int at = i * entry;
            int bind = symbols[at + 4] >> 4;
            int shndx = U16(symbols, at + 6);
            if (bind == 0) continue; // local
            string name = Name(strings, (int)U32(symbols, at));
            if (name.Length == 0) continue;
            if (shndx != 0) exports.Add(name);
            else if (bind != StbWeak && referenced.Contains(i)) imports.Add(name);
        }

        string? soname = null;
        var needed = new List<string>();
        int dynamicIndex = Array.FindIndex(sections, s => s.Type == ShtDynamic);
        if (dynamicIndex >= 0)
        {
            var dynamic = sections[dynamicIndex];
            var entries = Bytes(handle, length, dynamic.Offset, dynamic.Size);
            var dynstr = StringTable(handle, length, sections, dynamic.Link, path);
            for (int at = 0; at + 16 <= entries.Length; at += 16)
            {
                long tag = (long)U64(entries, at);
                if (tag == 0) break;
                if (tag == DtNeeded) needed.Add(Name(dynstr, (int)U64(entries, at + 8)));
                else if (tag == DtSoname) soname = Name(dynstr, (int)U64(entries, at + 8));
            }
        }
        return new ElfDynamicSymbols(path, soname, needed, exports, [.. imports]);
    }

    private static byte[] StringTable(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length, Section[] sections, int link, string path)
    {
        if (link <= 0 || link >= sections.Length) throw new InvalidDataException($"'{path}': a section links to a missing string table");
        return Bytes(handle, length, sections[link].Offset, sections[link].Size);
    }

    private static byte[] Bytes(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length, long offset, long count)
    {
        if (offset < 0 || count < 0 || offset + count > length || count > int.MaxValue)
            throw new InvalidDataException("a section lies outside the file");
        var buffer = new byte[count];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer.AsSpan(read), offset + read);
            if (n == 0) throw new InvalidDataException("the file ended inside a section");
            read += n;
        }
        return buffer;
    }

    private static string Name(byte[] table, int index)
    {
        if (index < 0 || index >= table.Length) throw new InvalidDataException("a name lies outside its string table");
        int end = Array.IndexOf(table, (byte)0, index);
        return Encoding.ASCII.GetString(table, index, (end < 0 ? table.Length : end) - index);
    }

    private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at, 2));
    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at, 4));
    private static ulong U64(byte[] b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at, 8));
}
