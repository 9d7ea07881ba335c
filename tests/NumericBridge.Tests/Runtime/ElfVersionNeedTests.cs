using System.Buffers.Binary;
using System.Text;
using Verifier.NumericBridge.Runtime;

namespace Verifier.NumericBridge.Tests.Runtime;

public class ElfVersionNeedTests
{
    /// <summary>
    /// A minimal ELF64 file: a null section, a .dynstr and a .gnu.version_r with one needed file
    /// (libstdc++.so.6) and the versions GLIBCXX_3.4.30 and GLIBCXX_3.4.32, flags as given.
    /// </summary>
    private static byte[] SyntheticElf(ushort flags30 = 0, ushort flags32 = 0)
    {
        var dynstr = Encoding.ASCII.GetBytes("\0libstdc++.so.6\0GLIBCXX_3.4.30\0GLIBCXX_3.4.32\0");
        int file = 1, v30 = 16, v32 = 31;
        var bytes = new byte[64 + 64 + 48 + 3 * 64];
        var s = bytes.AsSpan();
        s[0] = 0x7f; s[1] = (byte)'E'; s[2] = (byte)'L'; s[3] = (byte)'F'; s[4] = 2; s[5] = 1;
        int dynstrAt = 64, verneedAt = 128, shoff = 176;
        dynstr.CopyTo(s[dynstrAt..]);
        // Verneed: version 1, 2 aux entries, file name, aux at +16, no next.
        BinaryPrimitives.WriteUInt16LittleEndian(s[verneedAt..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(verneedAt + 2)..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(verneedAt + 4)..], (uint)file);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(verneedAt + 8)..], 16);
        // Vernaux 1 (3.4.30) then 2 (3.4.32).
        int aux1 = verneedAt + 16, aux2 = aux1 + 16;
        BinaryPrimitives.WriteUInt16LittleEndian(s[(aux1 + 4)..], flags30);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(aux1 + 8)..], (uint)v30);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(aux1 + 12)..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(aux2 + 4)..], flags32);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(aux2 + 8)..], (uint)v32);
        // Section headers: [0] null, [1] .dynstr, [2] .gnu.version_r (link 1, info 1).
        BinaryPrimitives.WriteUInt64LittleEndian(s[0x28..], (ulong)shoff);
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x3A..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x3C..], 3);
        int h1 = shoff + 64, h2 = shoff + 128;
        BinaryPrimitives.WriteUInt32LittleEndian(s[(h1 + 4)..], 3); // SHT_STRTAB
        BinaryPrimitives.WriteUInt64LittleEndian(s[(h1 + 0x18)..], (ulong)dynstrAt);
        BinaryPrimitives.WriteUInt64LittleEndian(s[(h1 + 0x20)..], (ulong)dynstr.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(h2 + 4)..], 0x6ffffffe); // SHT_GNU_verneed
        BinaryPrimitives.WriteUInt64LittleEndian(s[(h2 + 0x18)..], (ulong)verneedAt);
        BinaryPrimitives.WriteUInt64LittleEndian(s[(h2 + 0x20)..], 48);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(h2 + 0x28)..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(h2 + 0x2C)..], 1);
        return bytes;
    }

    [Fact]
    public void MakeWeak_NeededVersion_SetsOnlyThatFlagBit()
    {
        var elf = SyntheticElf(flags30: 0, flags32: 0);
        var before = (byte[])elf.Clone();
        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionNeed.MakeWeak(elf, "GLIBCXX_3.4.32"));
        // Exactly one byte changes: the low byte of the second Vernaux's vna_flags (offset 128 + 32 + 4).
        var changed = Enumerable.Range(0, elf.Length).Where(i => elf[i] != before[i]).ToArray();
        Assert.Equal([128 + 32 + 4], changed);
        Assert.Equal(0x2, elf[128 + 32 + 4]);
    }

    [Fact]
    public void MakeWeak_SecondTime_IsIdempotent()
    {
        var elf = SyntheticElf();
        ElfVersionNeed.MakeWeak(elf, "GLIBCXX_3.4.32");
        var once = (byte[])elf.Clone();
        Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionNeed.MakeWeak(elf, "GLIBCXX_3.4.32"));
        Assert.Equal(once, elf);
    }

    [Fact]
    public void MakeWeak_OtherFlagsKept_OrsTheBit()
    {
        var elf = SyntheticElf(flags32: 0x1);
        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionNeed.MakeWeak(elf, "GLIBCXX_3.4.32"));
        Assert.Equal(0x3, elf[128 + 32 + 4]);
    }

    [Fact]
    public void MakeWeak_VersionNotNeeded_ChangesNothing()
    {
        var elf = SyntheticElf();
        var before = (byte[])elf.Clone();
        Assert.Equal(ElfPatchOutcome.NotNeeded, ElfVersionNeed.MakeWeak(elf, "GLIBCXX_3.4.99"));
        Assert.Equal(before, elf);
    }

    [Theory]
    [InlineData("not elf")]
    [InlineData("truncated")]
    public void MakeWeak_Malformed_ThrowsInvalidData(string kind)
    {
        var elf = kind == "not elf" ? new byte[100] : SyntheticElf()[..200];
        Assert.Throws<InvalidDataException>(() => ElfVersionNeed.MakeWeak(elf, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void OutputCopy_AfterInitialize_IsWeakExactlyWhenSystemLacksVersion()
    {
        Assert.True(TorchRuntime.TryInitialize(out string trace), trace);
        var copies = TorchRuntime.OutputCopies().ToList();
        Assert.NotEmpty(copies);
        string libstdcxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        bool systemHasIt = File.Exists(libstdcxx) && TorchRuntime.LibStdCxxHasVersion(libstdcxx, TorchRuntime.RequiredLibStdCxxVersion);
        foreach (string copy in copies)
        {
            var bytes = File.ReadAllBytes(copy);
            var outcome = ElfVersionNeed.MakeWeak(bytes, TorchRuntime.RequiredLibStdCxxVersion); // in memory only
            Assert.Equal(systemHasIt ? ElfPatchOutcome.Patched : ElfPatchOutcome.AlreadyWeak, outcome);
        }
    }
}
