namespace AuthKit.AspNetCore.Tests.Aot;

/// <summary>
/// A test of the Native AOT sample's published binary: runs where <c>AUTHKIT_AOT_ENDPOINT_SAMPLE</c>
/// names it (.ci/run publishes it and sets the variable), and is skipped, saying how to run it, elsewhere.
/// </summary>
public sealed class PublishedAotSampleFactAttribute : FactAttribute
{
    public const string Variable = "AUTHKIT_AOT_ENDPOINT_SAMPLE";

    public PublishedAotSampleFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set. Publish the sample (dotnet publish samples/AuthKit.Sample.AotEndpoint -c Release -r linux-x64 -o artifacts/aot-endpoint-sample) " +
                $"and set {Variable}=$PWD/artifacts/aot-endpoint-sample/AuthKit.Sample.AotEndpoint, as .ci/run does.";
        }
    }
}
