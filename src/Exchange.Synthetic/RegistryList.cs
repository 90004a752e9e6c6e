using System.Collections;
using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic;

/// <summary>The registry as BPJS would sync it, built participant by participant from the compact rows on each read.</summary>
internal sealed class RegistryList(PersonRow[] rows, int[] order, IReadOnlyList<Kelurahan> kelurahan) : IReadOnlyList<Participant>
{
    public int Count => order.Length;

    public Participant this[int index] => ToParticipant(rows[order[index]]);

    public IEnumerator<Participant> GetEnumerator()
    {
        for (var i = 0; i < order.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>BPJS keeps the KTP form of the name, in capitals.</summary>
    private Participant ToParticipant(in PersonRow row) => new()
    {
        Nik = Format.Nik(row.Nik),
        FullName = row.Name.FullName(row.Sex).ToUpperInvariant(),
        BirthDate = Format.Date(row.BirthDate),
        Sex = row.Sex,
        Segment = row.Segment,
        Status = row.Status,
        LastPaidMonth = Format.Month(row.LastPaidMonth),
        KelurahanCode = row.RegistryKelurahan >= 0 ? kelurahan[row.RegistryKelurahan].Code : "",
    };
}
