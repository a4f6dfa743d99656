/// A self-signed P-256 certificate for `localhost` / `127.0.0.1` (valid until 2126), generated with
/// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
/// -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"`. Test use only.
enum TestCertificate {
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBmzCCAUGgAwIBAgIUCcb6dtgbrzs8+igBw0JmpyXrLeAwCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMzA4MzUxNFoYDzIxMjYxMDMw
        MDgzNTE0WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAAQnffpG6uir99uDLZkSRXHxZdDjB2/DL7yAewAu2+My2rqRXVORlece
        OFdjak/iK4AxCrJkddhAxWyYZuOIjcT7o28wbTAdBgNVHQ4EFgQUidCtKT123c3Y
        9Kympg4JW3QlJ9swHwYDVR0jBBgwFoAUidCtKT123c3Y9Kympg4JW3QlJ9swDwYD
        VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
        zj0EAwIDSAAwRQIgVNBmMKaS2kgX7+qy2GBDRV/I5aqKIB2jGxUsA9cTxQcCIQCO
        p+MfQs0EDWmq+2DaxvNDFAY860S/8Ygd/xdHR2tNag==
        -----END CERTIFICATE-----
        """

    static let keyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyTs71h5XVqURPdRh
        Pzzbw3NAzY7vNb02MX5b/QLyEhChRANCAAQnffpG6uir99uDLZkSRXHxZdDjB2/D
        L7yAewAu2+My2rqRXVORleceOFdjak/iK4AxCrJkddhAxWyYZuOIjcT7
        -----END PRIVATE KEY-----
        """
}
