import { Body1, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', rowGap: '20px', maxWidth: '1200px' },
  header: { display: 'flex', flexDirection: 'column', rowGap: '2px' },
  subtitle: { color: tokens.colorNeutralForeground3 },
});

export function Page({ title, subtitle, breadcrumb, meta, children }: {
  title: string;
  subtitle?: string;
  /** Above the title: the way back. */
  breadcrumb?: ReactNode;
  /** Under the title, in place of a subtitle: identifiers and badges. */
  meta?: ReactNode;
  children: ReactNode;
}) {
  const styles = useStyles();
  return (
    <section className={styles.page} aria-labelledby="page-title">
      <div className={styles.header}>
        {breadcrumb}
        <Title2 as="h1" id="page-title">{title}</Title2>
        {subtitle !== undefined ? <Body1 className={styles.subtitle}>{subtitle}</Body1> : null}
        {meta}
      </div>
      {children}
    </section>
  );
}

const useSectionStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '12px',
    padding: '16px 20px 20px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow2,
    minWidth: 0,
  },
  header: { display: 'flex', alignItems: 'center', columnGap: '8px', justifyContent: 'space-between' },
  title: { display: 'flex', alignItems: 'center', columnGap: '8px', color: tokens.colorNeutralForeground1 },
});

/** A titled panel of a page. */
export function Panel({ title, icon, actions, children, label }: { title: string; icon?: ReactNode; actions?: ReactNode; children: ReactNode; label?: string }) {
  const styles = useSectionStyles();
  return (
    <section className={styles.section} aria-label={label ?? title}>
      <div className={styles.header}>
        <div className={styles.title}>
          {icon}
          <Title3Like>{title}</Title3Like>
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

function Title3Like({ children }: { children: ReactNode }) {
  return <h2 style={{ margin: 0, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold }}>{children}</h2>;
}
