using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CalAdmin.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace CalAdmin.Web.Infrastructure;

/// <summary>Section <c>CalAdmin:DataProtection</c>: the certificate that encrypts the key ring at rest.</summary>
public sealed class DataProtectionCertificateOptions
{
    public const string Section = "CalAdmin:DataProtection";

    /// <summary>A .pfx (PKCS#12) file with the private key; or <see cref="CertificateThumbprint"/>, not both.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
    /// <summary>A certificate in the X509 store (CurrentUser/My, then LocalMachine/My).</summary>
    public string? CertificateThumbprint { get; set; }
    /// <summary>Certificates the ring was protected with before a rotation: still read, never used to protect new keys.</summary>
    public List<PreviousCertificate> PreviousCertificates { get; set; } = [];
}

public sealed class PreviousCertificate
{
    public string? Path { get; set; }
    public string? Password { get; set; }
    public string? Thumbprint { get; set; }
}

/// <summary>Whether this server's key ring is encrypted at rest, for the Settings page and the startup log.</summary>
public sealed record KeyRingProtection(bool Protected, string Description);

public static class DataProtectionSetup
{
    public const string ApplicationName = "CalAdmin";

    /// <summary>
    /// The keys that sign the sign-in cookie and the antiforgery tokens live in the database (table
    /// <c>DataProtectionKeys</c>), under one application name: every server that shares the database accepts a cookie
    /// that another one issued, and a restart or a new server keeps everyone signed in. Not in Redis: a Redis outage
    /// must degrade live refresh only, never sign people out. With a certificate configured, every key is stored
    /// encrypted to it, so whoever reads the database alone cannot forge a cookie; the previous certificates still
    /// read the keys written before a rotation.
    /// </summary>
    public static WebApplicationBuilder AddCalAdminDataProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DataProtectionCertificateOptions.Section).Get<DataProtectionCertificateOptions>()
            ?? new DataProtectionCertificateOptions();
        var errors = new List<string>();
        var current = Load(options.CertificatePath, options.CertificatePassword, options.CertificateThumbprint, "CalAdmin:DataProtection:Certificate", errors);
        var previous = options.PreviousCertificates
            .Select((p, i) => Load(p.Path, p.Password, p.Thumbprint, $"CalAdmin:DataProtection:PreviousCertificates:{i}:", errors))
            .OfType<X509Certificate2>().ToList();
        if (current is null && previous.Count > 0)
            errors.Add("CalAdmin:DataProtection:PreviousCertificates needs a current certificate (CertificatePath or CertificateThumbprint) to protect new keys with.");
        if (errors.Count > 0) throw new InvalidSettingsException(errors);

        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AppDbContext>();
        if (current is not null)
            dataProtection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);

        builder.Services.AddSingleton(current is null
            ? new KeyRingProtection(false, "Not encrypted at rest: whoever can read the database can forge sign-in cookies (set CalAdmin:DataProtection:CertificatePath or CertificateThumbprint).")
            : new KeyRingProtection(true, $"Encrypted with certificate {current.Subject} (thumbprint {current.Thumbprint}, valid until {current.NotAfter:yyyy-MM-dd})"
                + (previous.Count > 0 ? $"; {previous.Count} previous certificate(s) still read older keys." : ".")));
        if (builder.Environment.IsProduction() && current is null)
            builder.Services.AddHostedService<UnprotectedKeyRingWarning>();
        return builder;
    }

    /// <summary>Loads one certificate, or adds an error that names the setting (never the password) and returns null.</summary>
    private static X509Certificate2? Load(string? path, string? password, string? thumbprint, string prefix, List<string> errors)
    {
        string pathSetting = prefix + "Path", passwordSetting = prefix + "Password", thumbprintSetting = prefix + "Thumbprint";
        if (!string.IsNullOrWhiteSpace(path) && !string.IsNullOrWhiteSpace(thumbprint))
        {
            errors.Add($"Set {pathSetting} or {thumbprintSetting}, not both.");
            return null;
        }
        X509Certificate2? certificate = null;
        if (!string.IsNullOrWhiteSpace(path))
        {
            if (!File.Exists(path))
            {
                errors.Add($"{pathSetting}: there is no certificate file at '{path}'.");
                return null;
            }
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            }
            catch (CryptographicException)
            {
                errors.Add($"{pathSetting}: '{path}' cannot be opened; is {passwordSetting} right and the file a .pfx (PKCS#12)?");
                return null;
            }
        }
        else if (!string.IsNullOrWhiteSpace(thumbprint))
        {
            certificate = FromStore(thumbprint.Replace(" ", "").Trim());
            if (certificate is null)
            {
                errors.Add($"{thumbprintSetting}: no certificate with thumbprint '{thumbprint}' in CurrentUser/My or LocalMachine/My.");
                return null;
            }
        }
        if (certificate is null) return null;
        if (!certificate.HasPrivateKey)
        {
            errors.Add($"The certificate of {(string.IsNullOrWhiteSpace(path) ? thumbprintSetting : pathSetting)} has no private key; the key ring could not be read back.");
            return null;
        }
        return certificate;
    }

    private static X509Certificate2? FromStore(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            try
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
                if (found.Count > 0) return found[0];
            }
            catch (CryptographicException)
            {
                // A store that does not exist on this machine (LocalMachine/My on Linux).
            }
        }
        return null;
    }

    /// <summary>Production with the key ring in plain text: said once at every start, and on the Settings page.</summary>
    private sealed class UnprotectedKeyRingWarning(KeyRingProtection protection, ILogger<KeyRingProtection> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("The Data Protection key ring is not encrypted at rest: {Problem}", protection.Description);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
