using Exchange.Synthetic;
using Google.Protobuf;

namespace Exchange.Synthetic.Tests;

/// <summary>A data set as bytes (every record with its truth, then the registry), to compare two runs whole.</summary>
internal static class DataSetBytes
{
    public static byte[] Of(SyntheticDataSet data)
    {
        using var stream = new MemoryStream();
        using var writer = new StreamWriter(stream);
        foreach (var labelled in data.Submitted)
        {
            writer.Flush();
            labelled.Record.WriteDelimitedTo(stream);
            writer.WriteLine(labelled.Truth.ToString());
        }
        writer.Flush();
        foreach (var participant in data.Registry)
        {
            participant.WriteDelimitedTo(stream);
        }
        return stream.ToArray();
    }
}
